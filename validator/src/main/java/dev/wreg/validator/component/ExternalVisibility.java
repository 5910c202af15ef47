package dev.wreg.validator.component;

import dev.wreg.validator.component.ComponentTypes.BorrowType;
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
import java.util.Set;

/**
 * wasm-tools' rule on externally visible types (the component model's "valid to be used as
 * import/export"): every record, variant, enum, flags and resource an import or export mentions
 * must itself have been imported (or, for exports, imported or exported) by name. Identities of
 * named types are what it compares, so importing or exporting a type gives it a fresh one.
 */
final class ExternalVisibility {
    private ExternalVisibility() {}

    /** The identity the rule tracks for a named type or a handle's resource, or null. */
    static Integer nominalId(ValueType t) {
        return switch (t) {
            case RecordType r -> r.id();
            case VariantType v -> v.id();
            case FlagsType f -> f.id();
            case EnumType e -> e.id();
            case OwnType o -> -o.resource();
            case BorrowType b -> -b.resource();
            default -> null;
        };
    }

    /**
     * An imported or exported type gets a fresh identity (wasm-tools' "created" type), so only
     * uses of the new index count as uses of a named type.
     */
    static Entity created(Entity e, TypeIdentities ids) {
        if (e instanceof TypeEntity t && t.def() instanceof ValueTypeDefinition v) {
            ValueType copy = switch (v.type()) {
                case RecordType r -> new RecordType(ids.fresh(), r.fields(), r.size());
                case VariantType x -> new VariantType(ids.fresh(), x.cases(), x.size());
                case FlagsType f -> new FlagsType(ids.fresh(), f.names());
                case EnumType en -> new EnumType(ids.fresh(), en.names());
                default -> null;
            };
            if (copy != null) {
                return new TypeEntity(new ValueTypeDefinition(copy));
            }
        }
        return e;
    }

    /**
     * wasm-tools' rule on externally visible types: every record, variant, enum, flags and
     * resource an import (export) mentions must itself have been imported (imported or exported)
     * by name in this component or component type. Registers what the item itself names.
     */
    static void register(Scope s, Entity e, boolean isImport) {
        if (s.kind == Scope.Kind.INSTANCE_TYPE) {
            return;
        }
        if (!registerNamedOk(s, e, isImport)) {
            throw new ComponentInvalid(
                    ComponentTypes.describe(e) + " not valid to be used as " + (isImport ? "import" : "export"));
        }
    }

    private static boolean registerNamedOk(Scope s, Entity e, boolean isImport) {
        Set<Integer> set = isImport ? s.importedNamed : s.exportedNamed;
        switch (e) {
            case TypeEntity t -> {
                if (!allNamed(t.def(), set)) {
                    return false;
                }
                Integer id = switch (t.def()) {
                    case ValueTypeDefinition v -> nominalId(v.type());
                    case ResourceDefinition r -> -r.resource();
                    default -> null;
                };
                if (id != null) {
                    if (isImport) {
                        s.importedNamed.add(id);
                    }
                    s.exportedNamed.add(id);
                }
                return true;
            }
            case InstanceEntity i -> {
                for (Entity x : i.instance().exports().values()) {
                    if (!registerNamedOk(s, x, isImport)) {
                        return false;
                    }
                }
                return true;
            }
            case FuncEntity f -> {
                return funcNamed(f.func(), set);
            }
            case ValueEntity v -> {
                return named(v.type(), set);
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean funcNamed(FuncType f, Set<Integer> set) {
        for (Param p : f.params()) {
            if (!named(p.type(), set)) {
                return false;
            }
        }
        return f.result() == null || named(f.result(), set);
    }

    private static boolean allNamed(TypeDefinition d, Set<Integer> set) {
        return switch (d) {
            case ResourceDefinition r -> true;
            case ComponentTypeDefinition c -> true;
            case ValueTypeDefinition v -> definedNamed(v.type(), set);
            case FuncTypeDefinition f -> funcNamed(f.func(), set);
            case InstanceTypeDefinition i -> instanceNamed(i.instance(), set);
        };
    }

    private static boolean instanceNamed(InstanceType inst, Set<Integer> set) {
        for (Entity x : inst.exports().values()) {
            boolean ok = switch (x) {
                case FuncEntity f -> funcNamed(f.func(), set);
                case TypeEntity t -> allNamed(t.def(), set);
                case ValueEntity v -> definedNamed(v.type(), set);
                case InstanceEntity i -> instanceNamed(i.instance(), set);
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The parts of a defined type must be named; the type itself need not be. */
    private static boolean definedNamed(ValueType t, Set<Integer> set) {
        return switch (t) {
            case FlagsType f -> true;
            case EnumType e -> true;
            case RecordType r -> r.fields().stream().allMatch(f -> named(f.type(), set));
            case VariantType v -> v.cases().stream().allMatch(c -> c.type() == null || named(c.type(), set));
            default -> named(t, set);
        };
    }

    /** A use of a value type: records, variants, enums and flags must be named themselves. */
    private static boolean named(ValueType t, Set<Integer> set) {
        if (t == null) {
            return true;
        }
        return switch (t) {
            case Primitive p -> true;
            case RecordType r -> set.contains(r.id());
            case VariantType v -> set.contains(v.id());
            case FlagsType f -> set.contains(f.id());
            case EnumType e -> set.contains(e.id());
            case OwnType o -> set.contains(-o.resource());
            case BorrowType b -> set.contains(-b.resource());
            case TupleType tu -> tu.types().stream().allMatch(x -> named(x, set));
            case ResultType r -> named(r.ok(), set) && named(r.err(), set);
            case ListType l -> named(l.element(), set);
            case FixedListType l -> named(l.element(), set);
            case OptionType o -> named(o.type(), set);
            case MapType m -> named(m.key(), set) && named(m.value(), set);
            case StreamType st -> named(st.payload(), set);
            case FutureType fu -> named(fu.payload(), set);
        };
    }
}
