package dev.wreg.composer.encode;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which imports of a component use types of which other imports: in the binary, an import's type
 * refers (through outer aliases) to a type aliased from an earlier imported instance, as WIT's
 * {@code use types.{request}} becomes. This is what ties {@code wasi:http/incoming-handler} to
 * {@code wasi:http/types}: the two must come from the same place (wac #149).
 */
final class TypeSharing {
    /** Import {@code from} uses type {@code typeName} of import {@code owner}; {@code resource} if it is one. */
    record Use(String from, String owner, String typeName, boolean resource) {}

    private final SourceIndex src;
    private final Component model;

    private TypeSharing(Component model) {
        this.model = model;
        this.src = new SourceIndex(model);
    }

    /** For each import name, the types of other imports it uses, in declaration order. */
    static Map<String, List<Use>> of(Component model) {
        TypeSharing t = new TypeSharing(model);
        Map<String, List<Use>> out = new LinkedHashMap<>();
        for (Import i : model.imports()) {
            Set<Use> uses = new LinkedHashSet<>();
            int index = switch (i.type()) {
                case ExternType.Instance x -> x.typeIndex();
                case ExternType.Func x -> x.typeIndex();
                case ExternType.Component x -> x.typeIndex();
                default -> -1;
            };
            if (index >= 0) {
                t.walk(i.name().name(), index, uses, new HashSet<>());
            }
            uses.removeIf(u -> u.owner().equals(i.name().name()));
            out.put(i.name().name(), List.copyOf(uses));
        }
        return out;
    }

    private void walk(String from, int typeIndex, Set<Use> uses, Set<Integer> seen) {
        if (typeIndex < 0 || typeIndex >= src.types.size() || !seen.add(typeIndex)) {
            return;
        }
        switch (src.types.get(typeIndex)) {
            case SourceIndex.TypeOrigin.Defined d -> walkDef(from, d.type(), 1, uses, seen);
            case SourceIndex.TypeOrigin.ExportAlias a -> {
                if (a.instance() < src.instances.size()
                        && src.instances.get(a.instance()) instanceof SourceIndex.InstanceOrigin.Imported imp) {
                    uses.add(new Use(from, imp.importName(), a.name(), isResource(imp.importName(), a.name())));
                }
            }
            case SourceIndex.TypeOrigin.Reexported r -> walk(from, r.type(), uses, seen);
            default -> {}
        }
    }

    private void walkDef(String from, DefType t, int depth, Set<Use> uses, Set<Integer> seen) {
        switch (t) {
            case DefType.InstanceType it -> walkDecls(from, it.decls(), depth, uses, seen);
            case DefType.ComponentType ct -> walkDecls(from, ct.decls(), depth, uses, seen);
            case DefType.Func f -> {
                if (depth == 1) {
                    f.params().forEach(p -> ref(from, p.type(), uses, seen));
                    f.result().ifPresent(r -> ref(from, r, uses, seen));
                }
            }
            case DefValType v -> {
                if (depth == 1) {
                    GraphEncoder.remapVal(
                            v,
                            x -> {
                                ref(from, x, uses, seen);
                                return x;
                            },
                            i -> {
                                walk(from, i, uses, seen);
                                return i;
                            });
                }
            }
            default -> {}
        }
    }

    private void walkDecls(String from, List<TypeDecl> decls, int depth, Set<Use> uses, Set<Integer> seen) {
        for (TypeDecl d : decls) {
            switch (d) {
                case TypeDecl.AliasDecl(Alias.Outer o)
                when o.count() == depth && o.sort().equals(Sort.TYPE) -> walk(from, o.index(), uses, seen);
                case TypeDecl.TypeDef(DefType inner)
                when inner instanceof DefType.InstanceType || inner instanceof DefType.ComponentType ->
                    walkDef(from, inner, depth + 1, uses, seen);
                default -> {}
            }
        }
    }

    private void ref(String from, ValType v, Set<Use> uses, Set<Integer> seen) {
        if (v instanceof ValType.Ref r) {
            walk(from, r.index(), uses, seen);
        }
    }

    /** Whether the imported instance {@code importName} declares {@code typeName} as {@code (sub resource)}. */
    private boolean isResource(String importName, String typeName) {
        for (Import i : model.imports()) {
            if (i.name().name().equals(importName)
                    && i.type() instanceof ExternType.Instance inst
                    && inst.typeIndex() < src.types.size()
                    && src.types.get(inst.typeIndex()) instanceof SourceIndex.TypeOrigin.Defined d
                    && d.type() instanceof DefType.InstanceType it) {
                List<TypeDecl> decls = new ArrayList<>(it.decls());
                for (TypeDecl decl : decls) {
                    if (decl instanceof TypeDecl.ExportDecl e
                            && e.name().name().equals(typeName)
                            && e.type() instanceof ExternType.Type ty
                            && ty.bound() instanceof ExternType.TypeBound.SubResource) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
