package dev.wreg.validator.component;

import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.Case;
import dev.wreg.validator.component.ComponentTypes.ComponentEntity;
import dev.wreg.validator.component.ComponentTypes.ComponentType;
import dev.wreg.validator.component.ComponentTypes.ComponentTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.EnumType;
import dev.wreg.validator.component.ComponentTypes.Field;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Substitutes resources (and the identities of named types) in a resolved type: what
 * instantiation does to a component type's abstract resources and type imports (Explainer.md,
 * "Type checking"). Shared nodes are substituted once, so shared type graphs stay linear.
 */
final class ResourceSubstitution {
    private final TypeIdentities ids;

    ResourceSubstitution(TypeIdentities ids) {
        this.ids = ids;
    }

    Entity apply(Entity e, Map<Integer, Integer> rmap) {
        if (rmap.isEmpty()) {
            return e;
        }
        return substEntity(e, rmap, new IdentityHashMap<>());
    }

    private Entity substEntity(Entity e, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        return switch (e) {
            case FuncEntity f -> new FuncEntity(substFunc(f.func(), m, memo));
            case ValueEntity v -> new ValueEntity(substValueType(v.type(), m, memo));
            case TypeEntity t -> new TypeEntity(substDef(t.def(), m, memo));
            case InstanceEntity i -> new InstanceEntity((InstanceType) substInstance(i.instance(), m, memo));
            case ComponentEntity c -> new ComponentEntity(substComponent(c.component(), m, memo));
            case ModuleEntity mod -> mod;
        };
    }

    /** {@code i} with {@code rmap} applied, even when the map is empty (a fresh copy). */
    InstanceType instance(InstanceType i, Map<Integer, Integer> rmap) {
        return (InstanceType) substInstance(i, rmap, new IdentityHashMap<>());
    }

    private Object substInstance(InstanceType i, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        Object known = memo.get(i);
        if (known != null) {
            return known;
        }
        Map<String, Entity> ex = new LinkedHashMap<>();
        i.exports().forEach((k, v) -> ex.put(k, substEntity(v, m, memo)));
        Set<Integer> defined = new HashSet<>();
        for (int r : i.defined()) {
            defined.add(m.getOrDefault(r, r));
        }
        InstanceType r = new InstanceType(ex, defined, i.size());
        memo.put(i, r);
        return r;
    }

    private ComponentType substComponent(
            ComponentType c, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        Object known = memo.get(c);
        if (known != null) {
            return (ComponentType) known;
        }
        Map<String, Entity> im = new LinkedHashMap<>();
        c.imports().forEach((k, v) -> im.put(k, substEntity(v, m, memo)));
        Map<String, Entity> ex = new LinkedHashMap<>();
        c.exports().forEach((k, v) -> ex.put(k, substEntity(v, m, memo)));
        ComponentType r = new ComponentType(im, ex, c.imported(), c.defined(), c.size());
        memo.put(c, r);
        return r;
    }

    /** A substituted resource; an alias whose resource is substituted follows it. */
    private int mapResource(int r, Map<Integer, Integer> m) {
        Integer to = m.get(r);
        if (to != null) {
            return to;
        }
        int base = ids.baseResource(r);
        return base != r && m.containsKey(base) ? m.get(base) : r;
    }

    private TypeDefinition substDef(TypeDefinition d, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        return switch (d) {
            case ValueTypeDefinition v -> new ValueTypeDefinition(substValueType(v.type(), m, memo));
            case FuncTypeDefinition f -> new FuncTypeDefinition(substFunc(f.func(), m, memo));
            case ResourceDefinition r -> new ResourceDefinition(mapResource(r.resource(), m));
            case InstanceTypeDefinition i ->
                new InstanceTypeDefinition((InstanceType) substInstance(i.instance(), m, memo));
            case ComponentTypeDefinition c -> new ComponentTypeDefinition(substComponent(c.component(), m, memo));
        };
    }

    private FuncType substFunc(FuncType f, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        Object known = memo.get(f);
        if (known != null) {
            return (FuncType) known;
        }
        List<Param> ps = new ArrayList<>();
        for (Param p : f.params()) {
            ps.add(new Param(p.name(), substValueType(p.type(), m, memo)));
        }
        FuncType r =
                new FuncType(f.async(), ps, f.result() == null ? null : substValueType(f.result(), m, memo), f.size());
        memo.put(f, r);
        return r;
    }

    private ValueType substValueType(ValueType t, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        if (t == null) {
            return null;
        }
        Object known = memo.get(t);
        if (known != null) {
            return (ValueType) known;
        }
        ValueType r = switch (t) {
            case OwnType o -> new OwnType(mapResource(o.resource(), m));
            case BorrowType b -> new BorrowType(mapResource(b.resource(), m));
            case RecordType rec ->
                new RecordType(
                        m.getOrDefault(rec.id(), rec.id()),
                        rec.fields().stream()
                                .map(f -> new Field(f.name(), substValueType(f.type(), m, memo)))
                                .toList(),
                        rec.size());
            case VariantType v ->
                new VariantType(
                        m.getOrDefault(v.id(), v.id()),
                        v.cases().stream()
                                .map(c -> new Case(c.name(), substValueType(c.type(), m, memo)))
                                .toList(),
                        v.size());
            case ListType l -> new ListType(substValueType(l.element(), m, memo), l.size());
            case FixedListType l -> new FixedListType(substValueType(l.element(), m, memo), l.length(), l.size());
            case TupleType tu ->
                new TupleType(
                        tu.types().stream().map(x -> substValueType(x, m, memo)).toList(), tu.size());
            case OptionType o -> new OptionType(substValueType(o.type(), m, memo), o.size());
            case ResultType res ->
                new ResultType(substValueType(res.ok(), m, memo), substValueType(res.err(), m, memo), res.size());
            case StreamType st -> new StreamType(substValueType(st.payload(), m, memo), st.size());
            case FutureType fu -> new FutureType(substValueType(fu.payload(), m, memo), fu.size());
            case MapType mp ->
                new MapType(substValueType(mp.key(), m, memo), substValueType(mp.value(), m, memo), mp.size());
            case FlagsType f -> new FlagsType(m.getOrDefault(f.id(), f.id()), f.names());
            case EnumType e -> new EnumType(m.getOrDefault(e.id(), e.id()), e.names());
            default -> t;
        };
        memo.put(t, r);
        return r;
    }
}
