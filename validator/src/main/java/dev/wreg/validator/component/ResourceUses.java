package dev.wreg.validator.component;

import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.ComponentEntity;
import dev.wreg.validator.component.ComponentTypes.ComponentTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
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
import dev.wreg.validator.component.ComponentTypes.Param;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which resources a type mentions: walks of the resolved type graph (each shared node once), for
 * the set of resources a component defines and the rule on outer aliases of types that refer to
 * resources of an enclosing component.
 */
final class ResourceUses {
    private ResourceUses() {}

    /** Resources a type mentions that it does not bind itself (in its own imports or exports). */
    static Set<Integer> freeResources(TypeDefinition t) {
        Set<Integer> used = new LinkedHashSet<>();
        Set<Integer> bound = new HashSet<>();
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        collectResources(new TypeEntity(t), used, seen);
        collectBound(new TypeEntity(t), bound, new IdentityHashMap<>());
        used.removeAll(bound);
        return used;
    }

    private static void collectBound(Entity e, Set<Integer> bound, IdentityHashMap<Object, Boolean> seen) {
        if (seen.put(e, true) != null) {
            return;
        }
        switch (e) {
            case TypeEntity t
            when t.def() instanceof ComponentTypeDefinition c ->
                collectBound(new ComponentEntity(c.component()), bound, seen);
            case TypeEntity t
            when t.def() instanceof InstanceTypeDefinition i ->
                collectBound(new InstanceEntity(i.instance()), bound, seen);
            case ComponentEntity c -> {
                bound.addAll(c.component().imported());
                bound.addAll(c.component().defined());
                c.component().imports().values().forEach(x -> collectBound(x, bound, seen));
                c.component().exports().values().forEach(x -> collectBound(x, bound, seen));
            }
            case InstanceEntity i -> {
                bound.addAll(i.instance().defined());
                i.instance().exports().values().forEach(x -> collectBound(x, bound, seen));
            }
            default -> {}
        }
    }

    private static void walkEntity(
            Entity e,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        if (seen.put(e, true) != null) {
            return;
        }
        switch (e) {
            case FuncEntity f -> walkFunc(f.func(), seen, onType, onResource);
            case ValueEntity v -> walkValueType(v.type(), seen, onType, onResource);
            case TypeEntity t -> walkDef(t.def(), seen, onType, onResource);
            case InstanceEntity i ->
                i.instance().exports().values().forEach(x -> walkEntity(x, seen, onType, onResource));
            case ComponentEntity c -> {
                c.component().imports().values().forEach(x -> walkEntity(x, seen, onType, onResource));
                c.component().exports().values().forEach(x -> walkEntity(x, seen, onType, onResource));
            }
            case ModuleEntity m -> {}
        }
    }

    private static void walkDef(
            TypeDefinition d,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        switch (d) {
            case ValueTypeDefinition v -> walkValueType(v.type(), seen, onType, onResource);
            case FuncTypeDefinition f -> walkFunc(f.func(), seen, onType, onResource);
            case ResourceDefinition r -> onResource.test(r.resource());
            case InstanceTypeDefinition i -> walkEntity(new InstanceEntity(i.instance()), seen, onType, onResource);
            case ComponentTypeDefinition c -> walkEntity(new ComponentEntity(c.component()), seen, onType, onResource);
        }
    }

    private static void walkFunc(
            FuncType f,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        for (Param p : f.params()) {
            walkValueType(p.type(), seen, onType, onResource);
        }
        if (f.result() != null) {
            walkValueType(f.result(), seen, onType, onResource);
        }
    }

    private static void walkValueType(
            ValueType t,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        if (t == null || seen.put(t, true) != null) {
            return;
        }
        if (!onType.test(t)) {
            return;
        }
        switch (t) {
            case RecordType r -> r.fields().forEach(f -> walkValueType(f.type(), seen, onType, onResource));
            case VariantType v -> v.cases().forEach(c -> walkValueType(c.type(), seen, onType, onResource));
            case ListType l -> walkValueType(l.element(), seen, onType, onResource);
            case FixedListType l -> walkValueType(l.element(), seen, onType, onResource);
            case TupleType tu -> tu.types().forEach(x -> walkValueType(x, seen, onType, onResource));
            case OptionType o -> walkValueType(o.type(), seen, onType, onResource);
            case ResultType r -> {
                walkValueType(r.ok(), seen, onType, onResource);
                walkValueType(r.err(), seen, onType, onResource);
            }
            case StreamType st -> walkValueType(st.payload(), seen, onType, onResource);
            case FutureType fu -> walkValueType(fu.payload(), seen, onType, onResource);
            case MapType m -> {
                walkValueType(m.key(), seen, onType, onResource);
                walkValueType(m.value(), seen, onType, onResource);
            }
            default -> {}
        }
    }

    static void collectResources(Entity e, Set<Integer> out, IdentityHashMap<Object, Boolean> seen) {
        walkEntity(
                e,
                seen,
                t -> {
                    if (t instanceof OwnType o) {
                        out.add(o.resource());
                    } else if (t instanceof BorrowType b) {
                        out.add(b.resource());
                    }
                    return true;
                },
                r -> {
                    out.add(r);
                    return true;
                });
    }
}
