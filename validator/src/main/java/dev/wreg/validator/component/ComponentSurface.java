package dev.wreg.validator.component;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.validator.component.CTypes.Entity;
import dev.wreg.validator.core.Features;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The externally visible surface of a component: every top-level import and export, and one level
 * down every item of an imported or exported instance (an interface's functions and types), each
 * with a structural description of its type. Two releases are compared item by item on these
 * descriptions (semver checks) and policies read the import names.
 *
 * @param imports item path (e.g. {@code wasi:cli/run@0.2.0}, {@code wasi:io/streams@0.2.0#read})
 *     to its type description
 * @param exports the same for exports
 */
public record ComponentSurface(Map<String, String> imports, Map<String, String> exports) {

    public ComponentSurface {
        imports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imports));
        exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }

    /**
     * Validates {@code bytes} (all features on) and reads its surface.
     *
     * @throws IllegalArgumentException when the bytes are not a valid component
     */
    public static ComponentSurface of(byte[] bytes) {
        CTypes.ComponentT type;
        try {
            type = new ComponentChecker(Features.all()).checkComponent(ComponentDecoder.decode(bytes), null);
        } catch (ComponentFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (ComponentInvalid e) {
            throw new IllegalArgumentException("invalid component: " + e.getMessage(), e);
        }
        Describer d = new Describer();
        return new ComponentSurface(flatten(type.imports(), d), flatten(type.exports(), d));
    }

    /** The description of an interface (instance) item: this prefix, then its exact name. */
    public static final String INSTANCE_MARKER = "instance ";

    private static final java.util.regex.Pattern VERSIONED =
            java.util.regex.Pattern.compile("(.*)@(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * An interface name with its version cut to the semver track: `@x` for x ≥ 1, `@0.y` for y ≥
     * 1; other versions (0.0.z, prereleases, build metadata) stay whole, as PROTOCOL.md defines
     * compatibility.
     */
    static String trackKey(String name) {
        java.util.regex.Matcher m = VERSIONED.matcher(name);
        if (!m.matches()) {
            return name;
        }
        if (!m.group(2).equals("0")) {
            return m.group(1) + "@" + m.group(2);
        }
        if (!m.group(3).equals("0")) {
            return m.group(1) + "@0." + m.group(3);
        }
        return name;
    }

    private static Map<String, String> flatten(Map<String, Entity> items, Describer d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entity> e : items.entrySet()) {
            Entity value = e.getValue();
            if (value instanceof CTypes.InstanceE i) {
                // Interfaces are keyed by their semver track (`ns:pkg/iface@1`), so that
                // `@1.0.0` → `@1.1.0` compares member by member instead of reading as a removal
                // and an addition; the exact name stays in the description.
                String key = trackKey(e.getKey());
                out.put(key, INSTANCE_MARKER + e.getKey());
                for (Map.Entry<String, Entity> inner : i.instance().exports().entrySet()) {
                    out.put(key + "#" + inner.getKey(), d.entity(inner.getValue()));
                }
            } else {
                out.put(e.getKey(), d.entity(value));
            }
        }
        return out;
    }

    /** WIT-like text for a type; resources are numbered in order of first appearance. */
    private static final class Describer {
        private final Map<Integer, Integer> resources = new LinkedHashMap<>();
        private final IdentityHashMap<Object, String> memo = new IdentityHashMap<>();

        String entity(Entity e) {
            return switch (e) {
                case CTypes.FuncE f -> func(f.func());
                case CTypes.ValueE v -> "value " + vt(v.type());
                case CTypes.TypeE t -> def(t.def());
                case CTypes.InstanceE i -> "instance {" + items(i.instance().exports()) + "}";
                case CTypes.ComponentE c ->
                    "component {import " + items(c.component().imports()) + "; export "
                            + items(c.component().exports()) + "}";
                case CTypes.ModuleE m -> "module";
            };
        }

        private String items(Map<String, Entity> items) {
            List<String> parts = new ArrayList<>();
            items.forEach((k, v) -> parts.add(k + ": " + entity(v)));
            return String.join(", ", parts);
        }

        private String def(CTypes.TypeDef d) {
            return switch (d) {
                case CTypes.ValDef v -> "type " + vt(v.type());
                case CTypes.FuncDef f -> "type " + func(f.func());
                case CTypes.ResourceDef r -> "resource";
                case CTypes.InstanceDef i ->
                    "type instance {" + items(i.instance().exports()) + "}";
                case CTypes.ComponentDef c -> "type component";
            };
        }

        private String func(CTypes.FuncT f) {
            List<String> ps = new ArrayList<>();
            for (CTypes.Param p : f.params()) {
                ps.add(p.name() + ": " + vt(p.type()));
            }
            return (f.async() ? "async func(" : "func(") + String.join(", ", ps) + ")"
                    + (f.result() == null ? "" : " -> " + vt(f.result()));
        }

        private String resource(int id) {
            return "resource#" + resources.computeIfAbsent(id, k -> resources.size());
        }

        String vt(CTypes.VT t) {
            if (t == null) {
                return "_";
            }
            String known = memo.get(t);
            if (known != null) {
                return known;
            }
            String r = switch (t) {
                case CTypes.Prim p -> p.p().witName();
                case CTypes.Rec rec ->
                    "record {"
                            + String.join(
                                    ", ",
                                    rec.fields().stream()
                                            .map(f -> f.name() + ": " + vt(f.type()))
                                            .toList()) + "}";
                case CTypes.Var v ->
                    "variant {"
                            + String.join(
                                    ", ",
                                    v.cases().stream()
                                            .map(c -> c.name() + (c.type() == null ? "" : "(" + vt(c.type()) + ")"))
                                            .toList())
                            + "}";
                case CTypes.Lst l -> "list<" + vt(l.element()) + ">";
                case CTypes.FixedLst l -> "list<" + vt(l.element()) + ", " + l.length() + ">";
                case CTypes.Tup tu ->
                    "tuple<"
                            + String.join(
                                    ", ", tu.types().stream().map(this::vt).toList()) + ">";
                case CTypes.Flags f -> "flags {" + String.join(", ", f.names()) + "}";
                case CTypes.Enum e -> "enum {" + String.join(", ", e.names()) + "}";
                case CTypes.Opt o -> "option<" + vt(o.type()) + ">";
                case CTypes.Result res -> "result<" + vt(res.ok()) + ", " + vt(res.err()) + ">";
                case CTypes.Own o -> "own<" + resource(o.resource()) + ">";
                case CTypes.Borrow b -> "borrow<" + resource(b.resource()) + ">";
                case CTypes.Stream st -> "stream<" + vt(st.payload()) + ">";
                case CTypes.Future fu -> "future<" + vt(fu.payload()) + ">";
                case CTypes.MapT m -> "map<" + vt(m.key()) + ", " + vt(m.value()) + ">";
            };
            if (r.length() > 10_000) {
                r = r.substring(0, 10_000) + "…#" + r.hashCode();
            }
            memo.put(t, r);
            return r;
        }
    }
}
