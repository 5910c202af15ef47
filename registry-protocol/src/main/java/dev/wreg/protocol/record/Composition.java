package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.util.List;
import java.util.Objects;

/**
 * The provenance of a composed release: how it was composed and from which inputs. JSON (inside
 * a release entry, keys in this order):
 * {@code "composition":{"method":"plug","transitive":false,"plan":null|"sha256:…","inputs":[
 * {"role":"socket","package":"ns:name","version":"1.0.0","content":"sha256:…"},…]}}.
 * {@code package} and {@code version} are written together, and only for an input that was a
 * registry release; an input given as raw bytes carries its digest alone.
 *
 * @param method {@code plug} (socket + plugs matched by interface) or {@code plan} (a WAC plan)
 * @param transitive whether plugs' own imports were filled from the other plugs ({@code plug} only)
 * @param plan digest of the plan's UTF-8 text; {@code null} for {@code plug}
 * @param inputs the inputs in the order the composer took them, at least one
 */
public record Composition(String method, boolean transitive, Digest plan, List<Input> inputs) {

    /** Most inputs a record may name; keeps a record well inside its 64 KiB payload limit. */
    public static final int MAX_INPUTS = 256;

    public Composition {
        Objects.requireNonNull(method, "method");
        if (!method.equals("plug") && !method.equals("plan")) {
            throw new ProtocolException("malformed-record", "composition method must be plug or plan, not " + method);
        }
        if (method.equals("plan") && plan == null) {
            throw new ProtocolException("malformed-record", "a plan composition must name the plan's digest");
        }
        if (method.equals("plug") && plan != null) {
            throw new ProtocolException("malformed-record", "a plug composition has no plan digest");
        }
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw new ProtocolException(
                    "malformed-record", "a composition names between 1 and " + MAX_INPUTS + " inputs");
        }
    }

    /**
     * One input: its role ({@code socket}, {@code plug} or {@code dependency}), the registry
     * release it was (both null when it was given as bytes) and the digest of its bytes.
     */
    public record Input(String role, PackageName pkg, Version version, Digest content) {
        public Input {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
            if (!role.equals("socket") && !role.equals("plug") && !role.equals("dependency")) {
                throw new ProtocolException(
                        "malformed-record", "composition input role must be socket, plug or dependency, not " + role);
            }
            if ((pkg == null) != (version == null)) {
                throw new ProtocolException(
                        "malformed-record", "a composition input names both package and version, or neither");
            }
        }

        /** {@code ns:name@1.0.0 (sha256:…)}, or the digest alone. */
        public String describe() {
            return pkg == null ? content.toString() : pkg + "@" + version + " (" + content + ")";
        }
    }
}
