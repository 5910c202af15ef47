package dev.wreg.engine.binary;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of an import or export ({@code nameattributes}).
 *
 * @param prefix the leading byte as written: {@code 0x00} (current), {@code 0x01} (older
 *     encoders; same meaning) or {@code 0x02} (followed by attributes)
 * @param name the name string, e.g. {@code run}, {@code [method]counter.get}, {@code
 *     wasi:cli/run@0.2.3}
 * @param attributes the attributes (only with prefix {@code 0x02}), in written order
 */
public record ExternName(int prefix, String name, List<NameAttribute> attributes) {

    public ExternName {
        attributes = List.copyOf(attributes);
        if (prefix < 0 || prefix > 2) {
            throw new IllegalArgumentException("name prefix must be 0, 1 or 2: " + prefix);
        }
        if (prefix != 2 && !attributes.isEmpty()) {
            throw new IllegalArgumentException("attributes need the 0x02 name prefix");
        }
    }

    /** A plain {@code 0x00} name without attributes. */
    public static ExternName of(String name) {
        return new ExternName(0, name, List.of());
    }

    /** What the name string says, see {@link Kind}. */
    public Kind kind() {
        return Kind.parse(name);
    }

    /** The attribute of the given class, if present. */
    public <T extends NameAttribute> Optional<T> attribute(Class<T> type) {
        return attributes.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public String toString() {
        return attributes.isEmpty() ? name : name + attributes;
    }

    /**
     * The syntactic forms of an extern name (Explainer.md, "Import and Export Definitions"). The
     * decoder accepts any UTF-8 string; this classification is for consumers, and a string that
     * matches none of the forms is {@link Other}.
     */
    public sealed interface Kind {
        /** A kebab-case label. */
        record Plain(String label) implements Kind {}

        /** {@code [constructor]resource}. */
        record Constructor(String resource) implements Kind {}

        /** {@code [method]resource.name}. */
        record Method(String resource, String name) implements Kind {}

        /** {@code [static]resource.name}. */
        record Static(String resource, String name) implements Kind {}

        /**
         * {@code ns:pkg/iface@version}; with nested namespaces (🪺) {@code namespaces} and {@code
         * projections} have more than one element.
         */
        record Interface(
                List<String> namespaces, String packageName, List<String> projections, Optional<String> version)
                implements Kind {
            public Interface {
                namespaces = List.copyOf(namespaces);
                projections = List.copyOf(projections);
            }

            /** The first namespace, e.g. {@code wasi}. */
            public String namespace() {
                return namespaces.getFirst();
            }

            /** The last projection, e.g. {@code run}. */
            public String interfaceName() {
                return projections.getLast();
            }

            /** {@code ns:pkg} (with nested namespaces, {@code a:b:pkg}). */
            public String packageId() {
                return String.join(":", namespaces) + ":" + packageName;
            }
        }

        /** Anything else (older forms such as dependency names). */
        record Other(String text) implements Kind {}

        // Possessive quantifiers: fragments are delimited by '-', so backtracking is never needed,
        // and without it a long name of digit fragments would take exponential time.
        String LABEL = "(?:[a-z][0-9a-z]*+|[A-Z][0-9A-Z]*+)(?:-(?:[0-9a-z]++|[0-9A-Z]++))*+";
        String WORDS = "[a-z][0-9a-z]*+(?:-[0-9a-z]++)*+";
        Pattern LABEL_PATTERN = Pattern.compile(LABEL);
        Pattern RESOURCE_FUNC = Pattern.compile("(" + LABEL + ")\\.(" + LABEL + ")");
        Pattern INTERFACE =
                Pattern.compile("((?:" + WORDS + ":)++)(" + WORDS + ")((?:/" + LABEL + ")++)(?:@([0-9A-Za-z.+-]++))?");

        static Kind parse(String name) {
            if (LABEL_PATTERN.matcher(name).matches()) {
                return new Plain(name);
            }
            if (name.startsWith("[constructor]")) {
                String rest = name.substring("[constructor]".length());
                if (LABEL_PATTERN.matcher(rest).matches()) {
                    return new Constructor(rest);
                }
            } else if (name.startsWith("[method]") || name.startsWith("[static]")) {
                var m = RESOURCE_FUNC.matcher(name.substring(8));
                if (m.matches()) {
                    return name.startsWith("[method]")
                            ? new Method(m.group(1), m.group(2))
                            : new Static(m.group(1), m.group(2));
                }
            } else {
                var m = INTERFACE.matcher(name);
                if (m.matches()) {
                    String ns = m.group(1);
                    List<String> namespaces =
                            List.of(ns.substring(0, ns.length() - 1).split(":"));
                    List<String> projections = List.of(m.group(3).substring(1).split("/"));
                    return new Interface(namespaces, m.group(2), projections, Optional.ofNullable(m.group(4)));
                }
            }
            return new Other(name);
        }
    }
}
