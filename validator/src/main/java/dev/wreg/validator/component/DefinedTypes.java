package dev.wreg.validator.component;

import dev.wreg.engine.binary.CoreType;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.ValType;
import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.Case;
import dev.wreg.validator.component.ComponentTypes.EnumType;
import dev.wreg.validator.component.ComponentTypes.Field;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
import dev.wreg.validator.component.ComponentTypes.FlagsType;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.FutureType;
import dev.wreg.validator.component.ComponentTypes.ListType;
import dev.wreg.validator.component.ComponentTypes.MapType;
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
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.ValueTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.VariantType;
import dev.wreg.validator.core.Feature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defined types (Explainer.md, "Type definitions"): value types resolved to {@link
 * ComponentTypes} with their rules (kebab-case names unique up to case, at least one field, case,
 * flag or type, at most 32 flags, feature gates, the effective size limit), function types (no
 * {@code borrow} in results) and resource definitions.
 */
final class DefinedTypes {
    /** wasm-tools' limit on the length of a fixed-length list. */
    static final long MAX_FIXED_LENGTH_LIST_ELEMENTS = 1L << 30;

    private final FeatureGate features;
    private final TypeIdentities ids;

    DefinedTypes(FeatureGate features, TypeIdentities ids) {
        this.features = features;
        this.ids = ids;
    }

    /** A resource type definition: only in a concrete component, {@code i32} (or with cm64 {@code i64}). */
    ResourceDefinition resource(Scope s, DefType.Resource r) {
        if (s.kind != Scope.Kind.COMPONENT) {
            throw new ComponentInvalid("resources can only be defined within a concrete component");
        }
        String rep = switch (r.rep()) {
            case CoreType.NumType n when n == CoreType.NumType.I32 -> "i32";
            case CoreType.NumType n
            when n == CoreType.NumType.I64 -> {
                features.require(Feature.CM64, "64-bit resource representations require the cm64 feature");
                yield "i64";
            }
            default -> throw new ComponentInvalid("resources can only be represented by `i32`");
        };
        if (r.destructor().isPresent()) {
            CoreTypes.FuncType d = Scope.at(s.coreFuncs, r.destructor().get(), "func");
            if (!d.equals(new CoreTypes.FuncType(List.of(rep), List.of()))) {
                throw new ComponentInvalid(
                        "core function " + r.destructor().get() + " has wrong signature for a destructor");
            }
        }
        int id = ids.freshResource(rep);
        s.localResources.add(id);
        return new ResourceDefinition(id);
    }

    FuncType funcType(Scope s, DefType.Func f) {
        if (f.async()) {
            features.require(Feature.CM_ASYNC, "async component functions require the component model async feature");
        }
        List<Param> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long size = 1;
        for (DefType.Param p : f.params()) {
            if (!ExternNames.isKebab(p.name())) {
                throw new ComponentInvalid("function parameter name `" + p.name() + "` is not in kebab case");
            }
            if (!seen.add(ExternNames.lower(p.name()))) {
                throw new ComponentInvalid(
                        "function parameter name `" + p.name() + "` conflicts with previous parameter name");
            }
            ValueType t = valType(s, p.type());
            size = ComponentTypes.addSize(size, t.size());
            params.add(new Param(p.name(), t));
        }
        ValueType result = null;
        if (f.result().isPresent()) {
            result = valType(s, f.result().get());
            if (containsBorrow(result, new IdentityHashMap<>())) {
                throw new ComponentInvalid("function result cannot contain a `borrow` type");
            }
            size = ComponentTypes.addSize(size, result.size());
        }
        return new FuncType(f.async(), params, result, size);
    }

    private static boolean containsBorrow(ValueType t, IdentityHashMap<ValueType, Boolean> memo) {
        Boolean known = memo.get(t);
        if (known != null) {
            return known;
        }
        boolean r = switch (t) {
            case BorrowType b -> true;
            case RecordType rec -> rec.fields().stream().anyMatch(f -> containsBorrow(f.type(), memo));
            case VariantType v -> v.cases().stream().anyMatch(c -> c.type() != null && containsBorrow(c.type(), memo));
            case ListType l -> containsBorrow(l.element(), memo);
            case FixedListType l -> containsBorrow(l.element(), memo);
            case TupleType tu -> tu.types().stream().anyMatch(x -> containsBorrow(x, memo));
            case OptionType o -> containsBorrow(o.type(), memo);
            case ResultType r2 ->
                (r2.ok() != null && containsBorrow(r2.ok(), memo))
                        || (r2.err() != null && containsBorrow(r2.err(), memo));
            case MapType m -> containsBorrow(m.key(), memo) || containsBorrow(m.value(), memo);
            default -> false;
        };
        memo.put(t, r);
        return r;
    }

    ValueType valType(Scope s, ValType v) {
        return switch (v) {
            case PrimitiveType p -> prim(p);
            case ValType.Ref r -> {
                TypeDefinition d = Scope.at(s.types, r.index(), "type");
                if (d instanceof ValueTypeDefinition vd) {
                    yield vd.type();
                }
                throw new ComponentInvalid("type index " + r.index() + " is not a defined type");
            }
        };
    }

    private ValueType prim(PrimitiveType p) {
        if (p == PrimitiveType.ERROR_CONTEXT) {
            features.require(
                    Feature.CM_ERROR_CONTEXT, "`error-context` requires the component model error-context feature");
        }
        return new Primitive(p);
    }

    ValueType defValType(Scope s, DefValType t) {
        return switch (t) {
            case PrimitiveType p -> prim(p);
            case DefValType.RecordType r -> {
                if (r.fields().isEmpty()) {
                    throw new ComponentInvalid("record type must have at least one field");
                }
                List<Field> fields = new ArrayList<>();
                Map<String, String> seen = new HashMap<>();
                long size = 1;
                for (DefValType.Field f : r.fields()) {
                    kebabUnique(f.name(), seen, "record field");
                    ValueType ft = valType(s, f.type());
                    size = ComponentTypes.addSize(size, ft.size());
                    fields.add(new Field(f.name(), ft));
                }
                yield new RecordType(ids.fresh(), fields, size);
            }
            case DefValType.VariantType v -> {
                if (v.cases().isEmpty()) {
                    throw new ComponentInvalid("variant type must have at least one case");
                }
                if (v.cases().size() > Integer.MAX_VALUE) {
                    throw new ComponentInvalid("variant type cannot be represented with more than 2^32 cases");
                }
                List<Case> cases = new ArrayList<>();
                Map<String, String> seen = new HashMap<>();
                long size = 1;
                for (DefValType.Case c : v.cases()) {
                    kebabUnique(c.name(), seen, "variant case");
                    ValueType ct = c.type().isPresent() ? valType(s, c.type().get()) : null;
                    if (ct != null) {
                        size = ComponentTypes.addSize(size, ct.size());
                    }
                    cases.add(new Case(c.name(), ct));
                }
                yield new VariantType(ids.fresh(), cases, size);
            }
            case DefValType.ListType l -> {
                ValueType e = valType(s, l.element());
                yield new ListType(e, ComponentTypes.addSize(1, e.size()));
            }
            case DefValType.FixedListType l -> {
                features.require(
                        Feature.CM_FIXED_LENGTH_LISTS,
                        "Fixed size lists require the component model fixed size list feature");
                if (l.length() == 0) {
                    throw new ComponentInvalid("Fixed size lists must have more than zero elements");
                }
                // The length is a u32; wasm-tools refuses more than 2^30 elements.
                if (Integer.toUnsignedLong(l.length()) > MAX_FIXED_LENGTH_LIST_ELEMENTS) {
                    throw new ComponentInvalid(
                            "fixed-length list element count exceeds limit of " + MAX_FIXED_LENGTH_LIST_ELEMENTS);
                }
                ValueType e = valType(s, l.element());
                yield new FixedListType(e, l.length(), ComponentTypes.addSize(1, e.size()));
            }
            case DefValType.TupleType tu -> {
                if (tu.types().isEmpty()) {
                    throw new ComponentInvalid("tuple type must have at least one type");
                }
                long size = 1;
                List<ValueType> types = new ArrayList<>();
                for (ValType x : tu.types()) {
                    ValueType e = valType(s, x);
                    size = ComponentTypes.addSize(size, e.size());
                    types.add(e);
                }
                yield new TupleType(types, size);
            }
            case DefValType.FlagsType f -> {
                if (f.names().isEmpty()) {
                    throw new ComponentInvalid("flags must have at least one entry");
                }
                if (f.names().size() > 32) {
                    throw new ComponentInvalid("cannot have more than 32 flags");
                }
                Map<String, String> seen = new HashMap<>();
                for (String n : f.names()) {
                    kebabUnique(n, seen, "flag");
                }
                yield new FlagsType(ids.fresh(), f.names());
            }
            case DefValType.EnumType e -> {
                if (e.names().isEmpty()) {
                    throw new ComponentInvalid("enum type must have at least one variant");
                }
                Map<String, String> seen = new HashMap<>();
                for (String n : e.names()) {
                    kebabUnique(n, seen, "enum tag");
                }
                yield new EnumType(ids.fresh(), e.names());
            }
            case DefValType.OptionType o -> {
                ValueType e = valType(s, o.type());
                yield new OptionType(e, ComponentTypes.addSize(1, e.size()));
            }
            case DefValType.ResultType r -> {
                ValueType ok = r.ok().isPresent() ? valType(s, r.ok().get()) : null;
                ValueType err = r.err().isPresent() ? valType(s, r.err().get()) : null;
                yield new ResultType(
                        ok,
                        err,
                        ComponentTypes.addSize(
                                ComponentTypes.addSize(1, ok == null ? 0 : ok.size()), err == null ? 0 : err.size()));
            }
            case DefValType.Own o -> new OwnType(s.resource(o.resourceIndex()));
            case DefValType.Borrow b -> new BorrowType(s.resource(b.resourceIndex()));
            case DefValType.StreamType st -> {
                features.require(Feature.CM_ASYNC, "`stream` requires the component model async feature");
                ValueType p = st.payload().isPresent() ? valType(s, st.payload().get()) : null;
                if (p instanceof Primitive pc && pc.p() == PrimitiveType.CHAR) {
                    throw new ComponentInvalid(
                            "`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now");
                }
                yield new StreamType(p, ComponentTypes.addSize(1, p == null ? 0 : p.size()));
            }
            case DefValType.FutureType ft -> {
                features.require(Feature.CM_ASYNC, "`future` requires the component model async feature");
                ValueType p = ft.payload().isPresent() ? valType(s, ft.payload().get()) : null;
                yield new FutureType(p, ComponentTypes.addSize(1, p == null ? 0 : p.size()));
            }
            case DefValType.MapType m -> {
                features.require(Feature.CM_MAP, "Maps require the component model map feature");
                ValueType k = valType(s, m.key());
                ValueType v = valType(s, m.value());
                yield new MapType(k, v, ComponentTypes.addSize(ComponentTypes.addSize(1, k.size()), v.size()));
            }
        };
    }

    private static void kebabUnique(String name, Map<String, String> seen, String what) {
        if (!ExternNames.isKebab(name)) {
            throw new ComponentInvalid(what + " name `" + name + "` is not in kebab case");
        }
        String prev = seen.put(ExternNames.lower(name), name);
        if (prev != null) {
            throw new ComponentInvalid(
                    what + " name `" + name + "` conflicts with previous " + what + " name `" + prev + "`");
        }
    }
}
