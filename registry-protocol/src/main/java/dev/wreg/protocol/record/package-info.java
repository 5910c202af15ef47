/**
 * Package and operator records, their payload JSON, and the state machines that fold them:
 * {@link dev.wreg.protocol.record.PackageState} (permissions, releases, yanks) and
 * {@link dev.wreg.protocol.record.OperatorState} (namespace owners). Parse errors carry
 * {@code malformed-record}; refusals are {@link dev.wreg.protocol.RecordRejectedException}s with
 * the codes listed on {@code PackageState}.
 */
package dev.wreg.protocol.record;
