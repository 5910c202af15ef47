package dev.wreg.validator.component;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.ComponentEntity;
import dev.wreg.validator.component.ComponentTypes.ComponentType;
import dev.wreg.validator.component.ComponentTypes.ComponentTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.EnumType;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
import dev.wreg.validator.component.ComponentTypes.FlagsType;
import dev.wreg.validator.component.ComponentTypes.FuncEntity;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.FuncTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.FutureType;
import dev.wreg.validator.component.ComponentTypes.InstanceEntity;
import dev.wreg.validator.component.ComponentTypes.InstanceTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.ListType;
import dev.wreg.validator.component.ComponentTypes.MapType;
import dev.wreg.validator.component.ComponentTypes.ModuleEntity;
import dev.wreg.validator.component.ComponentTypes.OptionType;
import dev.wreg.validator.component.ComponentTypes.OwnType;
import dev.wreg.validator.component.ComponentTypes.Primitive;
import dev.wreg.validator.component.ComponentTypes.RecordType;
import dev.wreg.validator.component.ComponentTypes.ResourceDefinition;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.StreamType;
import dev.wreg.validator.component.ComponentTypes.TupleType;
import dev.wreg.validator.component.ComponentTypes.TypeDefinition;
import dev.wreg.validator.component.ComponentTypes.TypeEntity;
import dev.wreg.validator.component.ComponentTypes.ValueEntity;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.ValueTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.VariantType;
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
        ComponentType type;
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
            if (value instanceof InstanceEntity i) {
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
                case FuncEntity f -> func(f.func());
                case ValueEntity v -> "value " + valueType(v.type());
                case TypeEntity t -> def(t.def());
                case InstanceEntity i -> "instance {" + items(i.instance().exports()) + "}";
                case ComponentEntity c ->
                    "component {import " + items(c.component().imports()) + "; export "
                            + items(c.component().exports()) + "}";
                case ModuleEntity m -> "module";
            };
        }

        private String items(Map<String, Entity> items) {
            List<String> parts = new ArrayList<>();
            items.forEach((k, v) -> parts.add(k + ": " + entity(v)));
            return String.join(", ", parts);
        }

        private String def(TypeDefinition d) {
            return switch (d) {
                case ValueTypeDefinition v -> "type " + valueType(v.type());
                case FuncTypeDefinition f -> "type " + func(f.func());
                case ResourceDefinition r -> "resource";
                case InstanceTypeDefinition i ->
                    "type instance {" + items(i.instance().exports()) + "}";
                case ComponentTypeDefinition c -> "type component";
            };
        }

        private String func(FuncType f) {
            List<String> ps = new ArrayList<>();
            for (ComponentTypes.Param p : f.params()) {
                ps.add(p.name() + ": " + valueType(p.type()));
            }
            return (f.async() ? "async func(" : "func(") + String.join(", ", ps) + ")"
                    + (f.result() == null ? "" : " -> " + valueType(f.result()));
        }

        private String resource(int id) {
            return "resource#" + resources.computeIfAbsent(id, k -> resources.size());
        }

        String valueType(ValueType t) {
            if (t == null) {
                return "_";
            }
            String known = memo.get(t);
            if (known != null) {
                return known;
            }
            String r = switch (t) {
                case Primitive p -> p.p().witName();
                case RecordType rec ->
                    "record {"
                            + String.join(
                                    ", ",
                                    rec.fields().stream()
                                            .map(f -> f.name() + ": " + valueType(f.type()))
                                            .toList())
                            + "}";
                case VariantType v ->
                    "variant {"
                            + String.join(
                                    ", ",
                                    v.cases().stream()
                                            .map(c -> c.name()
                                                    + (c.type() == null ? "" : "(" + valueType(c.type()) + ")"))
                                            .toList())
                            + "}";
                case ListType l -> "list<" + valueType(l.element()) + ">";
                case FixedListType l -> "list<" + valueType(l.element()) + ", " + l.length() + ">";
                case TupleType tu ->
                    "tuple<"
                            + String.join(
                                    ", ",
                                    tu.types().stream().map(this::valueType).toList()) + ">";
                case FlagsType f -> "flags {" + String.join(", ", f.names()) + "}";
                case EnumType e -> "enum {" + String.join(", ", e.names()) + "}";
                case OptionType o -> "option<" + valueType(o.type()) + ">";
                case ResultType res -> "result<" + valueType(res.ok()) + ", " + valueType(res.err()) + ">";
                case OwnType o -> "own<" + resource(o.resource()) + ">";
                case BorrowType b -> "borrow<" + resource(b.resource()) + ">";
                case StreamType st -> "stream<" + valueType(st.payload()) + ">";
                case FutureType fu -> "future<" + valueType(fu.payload()) + ">";
                case MapType m -> "map<" + valueType(m.key()) + ", " + valueType(m.value()) + ">";
            };
            if (r.length() > 10_000) {
                r = r.substring(0, 10_000) + "…#" + r.hashCode();
            }
            memo.put(t, r);
            return r;
        }
    }
}
