package dev.wreg.engine.wit.component;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitPackageName;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldItem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a component says about the interfaces it works with, in the shape an index needs: every
 * named interface its world imports or exports (or, for an encoded WIT package, every interface
 * the package defines), with the interface's version, the names of its functions and its WIT
 * text; plus the component's description from the {@code description} custom section
 * (WebAssembly tool-conventions, the OCI {@code org.opencontainers.image.description}
 * annotation), else the docs of its world or WIT package.
 *
 * <p>Anonymous interfaces ({@code import x: interface { .. }}) and bare functions have no name
 * another component could match, so they are left out.
 */
public record ComponentInterfaces(List<InterfaceUse> uses, String description) {

    /** Longer descriptions are cut here: they are for search and a one-line summary. */
    public static final int MAX_DESCRIPTION_CHARS = 2000;

    public ComponentInterfaces {
        uses = List.copyOf(uses);
    }

    /** How the component relates to the interface. */
    public enum Direction {
        /** The component needs an implementation of it. */
        IMPORT,
        /** The component implements it. */
        EXPORT,
        /** A WIT package that only defines it (no implementation on either side). */
        DEFINE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param pkg the interface's package without version, {@code ns:name}
     * @param name the interface's name within the package
     * @param version the package version, or null when the interface is unversioned
     * @param functions the function names as the component model spells them ({@code f},
     *     {@code [method]r.f}, …), in declaration order
     * @param wit the interface as WIT text, preceded by its {@code package} line
     */
    public record InterfaceUse(
            Direction direction, String pkg, String name, String version, List<String> functions, String wit) {
        public InterfaceUse {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(pkg, "pkg");
            Objects.requireNonNull(name, "name");
            functions = List.copyOf(functions);
            Objects.requireNonNull(wit, "wit");
        }

        /** {@code ns:pkg/iface}, without version. */
        public String id() {
            return pkg + "/" + name;
        }

        /** {@code ns:pkg/iface@version}, or {@link #id()} when unversioned. */
        public String qualified() {
            return version == null ? id() : id() + "@" + version;
        }
    }

    /**
     * Reads a component binary.
     *
     * @throws dev.wreg.engine.binary.ComponentFormatException when the bytes are not a component
     * @throws WitDecodeException when its types do not make WIT
     */
    public static ComponentInterfaces of(byte[] bytes) {
        Component component = ComponentDecoder.decode(bytes);
        ComponentWit.Decoded decoded = ComponentWit.decode(component);
        WitResolve resolve = decoded.resolve();
        List<InterfaceUse> uses = new ArrayList<>();
        String docs;
        if (decoded.isWitPackage()) {
            WitPackage main = resolve.pkg(decoded.main());
            for (InterfaceId id : main.interfaces().values()) {
                use(resolve, id, Direction.DEFINE, uses);
            }
            docs = main.docs();
        } else {
            WitWorld world = resolve.world(decoded.world());
            collect(resolve, world.imports(), Direction.IMPORT, uses);
            collect(resolve, world.exports(), Direction.EXPORT, uses);
            docs = world.docs();
        }
        String description = customDescription(component);
        if (description == null && docs != null && !docs.isBlank()) {
            description = docs.strip();
        }
        return new ComponentInterfaces(uses, truncate(description));
    }

    private static void collect(
            WitResolve resolve, Map<?, WorldItem> items, Direction direction, List<InterfaceUse> uses) {
        for (WorldItem item : items.values()) {
            if (item instanceof WorldItem.InterfaceItem(InterfaceId id, String docs, var stability)) {
                use(resolve, id, direction, uses);
            }
        }
    }

    private static void use(WitResolve resolve, InterfaceId id, Direction direction, List<InterfaceUse> uses) {
        WitInterface iface = resolve.iface(id);
        if (iface.name() == null || iface.pkg() == null) {
            return;
        }
        WitPackageName pkg = resolve.pkg(iface.pkg()).name();
        String wit = "package " + pkg + ";\n\n" + WitPrinter.printInterface(resolve, id, true);
        InterfaceUse use = new InterfaceUse(
                direction,
                pkg.unversioned(),
                iface.name(),
                pkg.version(),
                List.copyOf(iface.functions().keySet()),
                wit);
        boolean seen = uses.stream()
                .anyMatch(u -> u.direction() == direction && u.qualified().equals(use.qualified()));
        if (!seen) {
            uses.add(use);
        }
    }

    /** The top-level {@code description} custom section as UTF-8 text; null when absent or not text. */
    private static String customDescription(Component component) {
        for (Section.Custom custom : component.sections(Section.Custom.class)) {
            if (custom.name().equals("description")) {
                try {
                    String text = StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(custom.data().toArray()))
                            .toString()
                            .strip();
                    return text.isEmpty() ? null : text;
                } catch (CharacterCodingException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String truncate(String text) {
        if (text == null || text.length() <= MAX_DESCRIPTION_CHARS) {
            return text;
        }
        int end = MAX_DESCRIPTION_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
