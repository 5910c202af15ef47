/**
 * How the registry refuses a request without speaking HTTP: {@link dev.wreg.server.refusal.Refusal},
 * a stable problem code with the kind of refusal. Services throw it (the blob store's
 * {@code BlobStoreException} is one); the protocol's {@code ProtocolException}s get their kind from
 * {@link dev.wreg.server.refusal.Refusal#kindOf}. Only {@code api.ProblemResponses} turns a kind
 * into an HTTP status.
 */
package dev.wreg.server.refusal;
