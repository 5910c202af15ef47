/**
 * The component runtime: {@link dev.wreg.engine.runtime.PreparedComponent} (decoded and prepared once,
 * thread-safe), {@link dev.wreg.engine.runtime.Linker} (host functions, instances and resources
 * by name, semver-compatible), {@link dev.wreg.engine.runtime.ComponentInstance} (call exports
 * with {@link dev.wreg.engine.runtime.Val}s). Core modules run on Endive's interpreter or its
 * compiler, as an {@link dev.wreg.engine.runtime.ExecutionPolicy} decides, cached by digest; the
 * canonical ABI lives in {@code .abi}, WAVE text in {@code .wave}, the instantiation graph and
 * the core-module engine in {@code .internal}.
 *
 * <p>Errors: {@link dev.wreg.engine.runtime.LinkException} (imports missing or of the wrong
 * kind), {@link dev.wreg.engine.runtime.ComponentTrap} (the guest or a canonical ABI check
 * trapped; the instance is poisoned), {@link IllegalArgumentException} (the host passed values
 * that do not fit the signature, or named no or several functions).
 *
 * <p>Limits: {@link dev.wreg.engine.runtime.ResourceLimits}, set on the linker, bound what one
 * instantiation may allocate (linear memory, table elements, instances); a breach raises (or
 * causes a trap wrapping) a {@link dev.wreg.engine.runtime.LimitExceededException} naming the
 * limit.
 */
package dev.wreg.engine.runtime;
