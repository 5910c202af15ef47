package dev.wreg.engine.wit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved set of WIT packages: every package, interface, world and type definition, each
 * addressed by its id (the index in the matching list). Items refer to each other only through ids,
 * so a type brought in by {@code use} is a named {@link TypeDefKind.Alias} pointing at the original
 * definition in another interface.
 *
 * <p>Immutable; made by the WIT text parser, by the component decoder bridge, or by hand with a
 * {@link Builder}.
 */
public final class WitResolve {
    private final List<WitPackage> packages;
    private final List<WitInterface> interfaces;
    private final List<WitWorld> worlds;
    private final List<TypeDef> types;

    private WitResolve(Builder b) {
        this.packages = List.copyOf(b.packages);
        this.interfaces = List.copyOf(b.interfaces);
        this.worlds = List.copyOf(b.worlds);
        this.types = List.copyOf(b.types);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<WitPackage> packages() {
        return packages;
    }

    public List<WitInterface> interfaces() {
        return interfaces;
    }

    public List<WitWorld> worlds() {
        return worlds;
    }

    public List<TypeDef> types() {
        return types;
    }

    public WitPackage pkg(PackageId id) {
        return packages.get(id.index());
    }

    public WitInterface iface(InterfaceId id) {
        return interfaces.get(id.index());
    }

    public WitWorld world(WorldId id) {
        return worlds.get(id.index());
    }

    public TypeDef type(TypeId id) {
        return types.get(id.index());
    }

    /** The package named {@code name} (compared with its version), if present. */
    public Optional<PackageId> findPackage(WitPackageName name) {
        for (int i = 0; i < packages.size(); i++) {
            if (packages.get(i).name().equals(name)) {
                return Optional.of(new PackageId(i));
            }
        }
        return Optional.empty();
    }

    /** The interface id {@code ns:pkg/name@version} of a named interface, or null if anonymous. */
    public String interfaceId(InterfaceId id) {
        WitInterface i = iface(id);
        if (i.name() == null || i.pkg() == null) {
            return null;
        }
        return pkg(i.pkg()).name().interfaceId(i.name());
    }

    /**
     * Follows aliases ({@code type a = b}, {@code use}) to the definition that is not an alias of
     * another type definition.
     */
    public TypeId unalias(TypeId id) {
        TypeId cur = id;
        for (int guard = 0; guard < types.size() + 1; guard++) {
            if (type(cur).kind() instanceof TypeDefKind.Alias(TypeId next)) {
                cur = next;
            } else {
                return cur;
            }
        }
        throw new IllegalStateException("alias cycle at type " + id.index());
    }

    /** Builds a {@link WitResolve}; ids are allocated in order and items may be replaced until built. */
    public static final class Builder {
        private final List<WitPackage> packages = new ArrayList<>();
        private final List<WitInterface> interfaces = new ArrayList<>();
        private final List<WitWorld> worlds = new ArrayList<>();
        private final List<TypeDef> types = new ArrayList<>();

        private Builder() {}

        public PackageId addPackage(WitPackage p) {
            packages.add(Objects.requireNonNull(p));
            return new PackageId(packages.size() - 1);
        }

        public void setPackage(PackageId id, WitPackage p) {
            packages.set(id.index(), Objects.requireNonNull(p));
        }

        public WitPackage pkg(PackageId id) {
            return packages.get(id.index());
        }

        public List<WitPackage> packages() {
            return packages;
        }

        /** Reserves an interface id; {@link #setInterface} must fill it before {@link #build}. */
        public InterfaceId reserveInterface() {
            interfaces.add(null);
            return new InterfaceId(interfaces.size() - 1);
        }

        public InterfaceId addInterface(WitInterface i) {
            interfaces.add(Objects.requireNonNull(i));
            return new InterfaceId(interfaces.size() - 1);
        }

        public void setInterface(InterfaceId id, WitInterface i) {
            interfaces.set(id.index(), Objects.requireNonNull(i));
        }

        public WitInterface iface(InterfaceId id) {
            return interfaces.get(id.index());
        }

        public WorldId reserveWorld() {
            worlds.add(null);
            return new WorldId(worlds.size() - 1);
        }

        public void setWorld(WorldId id, WitWorld w) {
            worlds.set(id.index(), Objects.requireNonNull(w));
        }

        public WitWorld world(WorldId id) {
            return worlds.get(id.index());
        }

        public TypeId addType(TypeDef t) {
            types.add(Objects.requireNonNull(t));
            return new TypeId(types.size() - 1);
        }

        /** Reserves a type id for a definition whose kind is known only later (forward references). */
        public TypeId reserveType() {
            types.add(null);
            return new TypeId(types.size() - 1);
        }

        public void setType(TypeId id, TypeDef t) {
            types.set(id.index(), Objects.requireNonNull(t));
        }

        public TypeDef type(TypeId id) {
            return types.get(id.index());
        }

        public int typeCount() {
            return types.size();
        }

        public WitResolve build() {
            check(packages, "package");
            check(interfaces, "interface");
            check(worlds, "world");
            check(types, "type");
            return new WitResolve(this);
        }

        private static void check(List<?> items, String what) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) == null) {
                    throw new IllegalStateException(what + " " + i + " was reserved but never defined");
                }
            }
        }
    }
}
