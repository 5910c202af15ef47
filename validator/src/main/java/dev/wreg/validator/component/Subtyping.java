package dev.wreg.validator.component;

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
import dev.wreg.validator.component.ComponentTypes.InstanceType;
import dev.wreg.validator.component.ComponentTypes.InstanceTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.ListType;
import dev.wreg.validator.component.ComponentTypes.MapType;
import dev.wreg.validator.component.ComponentTypes.ModuleEntity;
import dev.wreg.validator.component.ComponentTypes.OptionType;
import dev.wreg.validator.component.ComponentTypes.OwnType;
import dev.wreg.validator.component.ComponentTypes.Param;
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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Subtyping of component types (Explainer.md, "Subtyping"; as wasm-tools checks it: function
 * types must match exactly, instances and components by their exports and imports, resources by
 * identity after what the check has learned about abstract ones). Structural equality of value
 * types is memoised, so shared type graphs stay linear. One instance serves one check.
 */
final class Subtyping {
    private final Map<Object, Map<Object, Boolean>> equal = new IdentityHashMap<>();
    private final Map<Integer, Integer> rmap = new HashMap<>();
    private final TypeIdentities ids;

    Subtyping(TypeIdentities ids) {
        this.ids = ids;
    }

    /** Null when {@code a} may be used where {@code b} is expected, else the reason. */
    String entity(Entity a, Entity b) {
        switch (b) {
            case FuncEntity fb -> {
                if (!(a instanceof FuncEntity fa)) {
                    return "expected func, found " + ComponentTypes.describe(a);
                }
                return func(fa.func(), fb.func());
            }
            case ValueEntity vb -> {
                if (!(a instanceof ValueEntity va)) {
                    return "expected value, found " + ComponentTypes.describe(a);
                }
                return valueType(va.type(), vb.type()) ? null : "expected a value of a different type";
            }
            case TypeEntity tb -> {
                if (!(a instanceof TypeEntity ta)) {
                    return "expected type, found " + ComponentTypes.describe(a);
                }
                return def(ta.def(), tb.def());
            }
            case InstanceEntity ib -> {
                if (!(a instanceof InstanceEntity ia)) {
                    return "expected instance, found " + ComponentTypes.describe(a);
                }
                return instance(ia.instance(), ib.instance());
            }
            case ComponentEntity cb -> {
                if (!(a instanceof ComponentEntity ca)) {
                    return "expected component, found " + ComponentTypes.describe(a);
                }
                return component(ca.component(), cb.component());
            }
            case ModuleEntity mb -> {
                if (!(a instanceof ModuleEntity ma)) {
                    return "expected module, found " + ComponentTypes.describe(a);
                }
                return module(ma.module(), mb.module());
            }
        }
    }

    private static String module(CoreTypes.ModuleType a, CoreTypes.ModuleType b) {
        for (Map.Entry<String, CoreTypes.Extern> e : b.exports().entrySet()) {
            CoreTypes.Extern ae = a.exports().get(e.getKey());
            if (ae == null) {
                return "module export `" + e.getKey() + "` not defined";
            }
            if (!CoreTypes.matches(ae, e.getValue())) {
                return "type mismatch in export `" + e.getKey() + "`";
            }
        }
        for (CoreTypes.Import ai : a.imports()) {
            CoreTypes.Import found = null;
            for (CoreTypes.Import bi : b.imports()) {
                if (bi.module().equals(ai.module()) && bi.name().equals(ai.name())) {
                    found = bi;
                }
            }
            if (found == null) {
                return "module import `" + ai.module() + "::" + ai.name() + "` not defined";
            }
            if (!CoreTypes.matches(found.type(), ai.type())) {
                return "type mismatch in import `" + ai.module() + "::" + ai.name() + "`";
            }
        }
        return null;
    }

    private String instance(InstanceType a, InstanceType b) {
        for (Map.Entry<String, Entity> e : b.exports().entrySet()) {
            Entity ae = a.exports().get(e.getKey());
            if (ae == null) {
                return "type mismatch in instance export `" + e.getKey() + "`: missing";
            }
            learn(e.getValue(), ae, b.defined());
            String why = entity(ae, e.getValue());
            if (why != null) {
                return "type mismatch in instance export `" + e.getKey() + "`: " + why;
            }
        }
        return null;
    }

    private String component(ComponentType a, ComponentType b) {
        for (Map.Entry<String, Entity> e : a.imports().entrySet()) {
            Entity be = b.imports().get(e.getKey());
            if (be == null) {
                return "missing expected import `" + e.getKey() + "`";
            }
            learn(e.getValue(), be, a.imported());
            String why = entityFlipped(be, e.getValue());
            if (why != null) {
                return "type mismatch in import `" + e.getKey() + "`: " + why;
            }
        }
        for (Map.Entry<String, Entity> e : b.exports().entrySet()) {
            Entity ae = a.exports().get(e.getKey());
            if (ae == null) {
                return "missing expected export `" + e.getKey() + "`";
            }
            learn(e.getValue(), ae, b.defined());
            String why = entity(ae, e.getValue());
            if (why != null) {
                return "type mismatch in export `" + e.getKey() + "`: " + why;
            }
        }
        return null;
    }

    /** b-side abstract resources learn their a-side counterparts (and a's imports learn b's). */
    private void learn(Entity expected, Entity given, Set<Integer> bound) {
        if (expected instanceof TypeEntity t
                && t.def() instanceof ResourceDefinition r
                && given instanceof TypeEntity g
                && g.def() instanceof ResourceDefinition gr) {
            if (r.resource() != gr.resource()) {
                rmap.putIfAbsent(r.resource(), gr.resource());
                rmap.putIfAbsent(gr.resource(), r.resource());
            }
        } else if (expected instanceof InstanceEntity ie && given instanceof InstanceEntity gi) {
            for (Map.Entry<String, Entity> e : ie.instance().exports().entrySet()) {
                Entity ge = gi.instance().exports().get(e.getKey());
                if (ge != null) {
                    learn(e.getValue(), ge, bound);
                }
            }
        }
    }

    private String entityFlipped(Entity a, Entity b) {
        return entity(a, b);
    }

    private String def(TypeDefinition a, TypeDefinition b) {
        return switch (b) {
            case ResourceDefinition rb ->
                a instanceof ResourceDefinition ra && sameResource(ra.resource(), rb.resource())
                        ? null
                        : "expected resource, found "
                                + (a instanceof ResourceDefinition ? "a different resource" : "a non-resource type");
            case ValueTypeDefinition vb ->
                a instanceof ValueTypeDefinition va && valueType(va.type(), vb.type())
                        ? null
                        : "expected a different type";
            case FuncTypeDefinition fb ->
                a instanceof FuncTypeDefinition fa ? func(fa.func(), fb.func()) : "expected func type";
            case InstanceTypeDefinition ib ->
                a instanceof InstanceTypeDefinition ia
                        ? instance(ia.instance(), ib.instance())
                        : "expected instance type";
            case ComponentTypeDefinition cb ->
                a instanceof ComponentTypeDefinition ca
                        ? component(ca.component(), cb.component())
                        : "expected component type";
        };
    }

    private boolean sameResource(int a, int b) {
        if (a == b || rmap.getOrDefault(a, a) == b || rmap.getOrDefault(b, b) == a) {
            return true;
        }
        int ba = ids.baseResource(a);
        int bb = ids.baseResource(b);
        return ba == bb || rmap.getOrDefault(ba, ba) == bb || rmap.getOrDefault(bb, bb) == ba;
    }

    private String func(FuncType a, FuncType b) {
        if (a.async() != b.async()) {
            return "expected " + (b.async() ? "async" : "sync") + " function, found " + (a.async() ? "async" : "sync");
        }
        if (a.params().size() != b.params().size()) {
            return "expected " + b.params().size() + " parameters, found "
                    + a.params().size();
        }
        for (int i = 0; i < a.params().size(); i++) {
            Param pa = a.params().get(i);
            Param pb = b.params().get(i);
            if (!ExternNames.lower(pa.name()).equals(ExternNames.lower(pb.name()))) {
                return "expected parameter named `" + pb.name() + "`, found `" + pa.name() + "`";
            }
            if (!valueType(pa.type(), pb.type())) {
                return "type mismatch in function parameter `" + pa.name() + "`";
            }
        }
        if ((a.result() == null) != (b.result() == null)) {
            return "expected a result, found none";
        }
        if (a.result() != null && !valueType(a.result(), b.result())) {
            return "type mismatch with result type";
        }
        return null;
    }

    boolean valueType(ValueType a, ValueType b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        Map<Object, Boolean> row = equal.computeIfAbsent(a, k -> new IdentityHashMap<>());
        Boolean known = row.get(b);
        if (known != null) {
            return known;
        }
        row.put(b, true);
        boolean r = switch (b) {
            case Primitive pb -> a instanceof Primitive pa && pa.p() == pb.p();
            case RecordType rb ->
                a instanceof RecordType ra
                        && ra.fields().size() == rb.fields().size()
                        && all(
                                ra.fields().size(),
                                i -> ra.fields()
                                                .get(i)
                                                .name()
                                                .equals(rb.fields().get(i).name())
                                        && valueType(
                                                ra.fields().get(i).type(),
                                                rb.fields().get(i).type()));
            case VariantType vb ->
                a instanceof VariantType va
                        && va.cases().size() == vb.cases().size()
                        && all(
                                va.cases().size(),
                                i -> va.cases()
                                                .get(i)
                                                .name()
                                                .equals(vb.cases().get(i).name())
                                        && valueType(
                                                va.cases().get(i).type(),
                                                vb.cases().get(i).type()));
            case ListType lb -> a instanceof ListType la && valueType(la.element(), lb.element());
            case FixedListType lb ->
                a instanceof FixedListType la && la.length() == lb.length() && valueType(la.element(), lb.element());
            case TupleType tb ->
                a instanceof TupleType ta
                        && ta.types().size() == tb.types().size()
                        && all(
                                ta.types().size(),
                                i -> valueType(ta.types().get(i), tb.types().get(i)));
            case FlagsType fb -> a instanceof FlagsType fa && fa.names().equals(fb.names());
            case EnumType eb -> a instanceof EnumType ea && ea.names().equals(eb.names());
            case OptionType ob -> a instanceof OptionType oa && valueType(oa.type(), ob.type());
            case ResultType rb ->
                a instanceof ResultType ra && valueType(ra.ok(), rb.ok()) && valueType(ra.err(), rb.err());
            case OwnType ob -> a instanceof OwnType oa && sameResource(oa.resource(), ob.resource());
            case BorrowType bb -> a instanceof BorrowType ba && sameResource(ba.resource(), bb.resource());
            case StreamType sb -> a instanceof StreamType sa && valueType(sa.payload(), sb.payload());
            case FutureType fb -> a instanceof FutureType fa && valueType(fa.payload(), fb.payload());
            case MapType mb ->
                a instanceof MapType ma && valueType(ma.key(), mb.key()) && valueType(ma.value(), mb.value());
        };
        row.put(b, r);
        return r;
    }

    private static boolean all(int n, java.util.function.IntPredicate p) {
        for (int i = 0; i < n; i++) {
            if (!p.test(i)) {
                return false;
            }
        }
        return true;
    }
}
