package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.search.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a person typed into the search box, read as the index's query: {@code exports:ns:pkg/iface},
 * {@code imports:ns:pkg/iface} and {@code namespace:ns} terms become filters, the rest is free
 * text. A page never refuses a query: what the index would refuse (text over its length limit,
 * control characters, a filter that names no interface) is cut or left out, and {@code notes}
 * say so on the page.
 *
 * @param text the free text, at most {@link SearchQuery#MAX_TEXT_CHARS} characters
 * @param exports the {@code exports:} filter, or null
 * @param imports the {@code imports:} filter, or null
 * @param namespace the {@code namespace:} filter, or null
 * @param notes sentences about what was cut or left out
 */
record SearchTerms(String text, InterfaceName exports, InterfaceName imports, String namespace, List<String> notes) {

    /** Longer input is not read further: nothing a query can mean is that long. */
    static final int MAX_INPUT_CHARS = 4 * SearchQuery.MAX_TEXT_CHARS;

    SearchTerms {
        notes = List.copyOf(notes);
    }

    static SearchTerms parse(String q) {
        List<String> notes = new ArrayList<>();
        String input = q == null ? "" : q;
        if (input.length() > MAX_INPUT_CHARS) {
            input = input.substring(0, MAX_INPUT_CHARS);
        }
        // Control characters cannot be part of a name or a word; PostgreSQL refuses some of them.
        input = input.replaceAll("[\\p{Cntrl}\\p{Cs}]", " ");
        InterfaceName exports = null;
        InterfaceName imports = null;
        String namespace = null;
        StringBuilder text = new StringBuilder();
        for (String word : input.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.startsWith("exports:") && word.length() > "exports:".length()) {
                InterfaceName name = interfaceTerm(word, "exports:", notes);
                exports = exports == null ? name : repeated(word, exports, notes);
            } else if (lower.startsWith("imports:") && word.length() > "imports:".length()) {
                InterfaceName name = interfaceTerm(word, "imports:", notes);
                imports = imports == null ? name : repeated(word, imports, notes);
            } else if (lower.startsWith("namespace:") && word.length() > "namespace:".length()) {
                String ns = word.substring("namespace:".length());
                if (!PackageName.isValidLabel(ns)) {
                    notes.add("“" + shorten(word) + "” names no namespace (a lowercase kebab-case label), so it was"
                            + " left out.");
                } else if (namespace == null) {
                    namespace = ns;
                } else {
                    notes.add("Only the first namespace: term is used; “" + shorten(word) + "” was left out.");
                }
            } else {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(word);
            }
        }
        String free = text.toString();
        boolean inputCut = q != null && q.length() > MAX_INPUT_CHARS;
        if (free.length() > SearchQuery.MAX_TEXT_CHARS || inputCut) {
            int cut = Math.min(free.length(), SearchQuery.MAX_TEXT_CHARS);
            int space = free.lastIndexOf(' ', cut);
            free = free.substring(0, space > cut / 2 ? space : cut).strip();
            notes.add("The search was " + (q == null ? 0 : q.length()) + " characters long; only its first "
                    + free.length() + " characters of text were searched.");
        }
        return new SearchTerms(free, exports, imports, namespace, notes);
    }

    private static InterfaceName interfaceTerm(String word, String prefix, List<String> notes) {
        String value = word.substring(prefix.length());
        try {
            return InterfaceName.parse(value);
        } catch (ProtocolException e) {
            notes.add("“" + shorten(word) + "” names no interface (" + prefix
                    + "ns:pkg/iface, or ns:pkg/iface@version), so it was left out.");
            return null;
        }
    }

    private static InterfaceName repeated(String word, InterfaceName kept, List<String> notes) {
        notes.add("Only one " + word.substring(0, word.indexOf(':') + 1) + " term is used; “" + shorten(word)
                + "” was left out.");
        return kept;
    }

    /** The query as the search box shows it again: the text, then the filters, each once. */
    String canonical() {
        List<String> parts = new ArrayList<>();
        if (!text.isEmpty()) {
            parts.add(text);
        }
        if (exports != null) {
            parts.add("exports:" + exports);
        }
        if (imports != null) {
            parts.add("imports:" + imports);
        }
        if (namespace != null) {
            parts.add("namespace:" + namespace);
        }
        return String.join(" ", parts);
    }

    boolean isEmpty() {
        return text.isEmpty() && exports == null && imports == null && namespace == null;
    }

    SearchTerms withNamespace(String ns) {
        return new SearchTerms(text, exports, imports, ns, List.of());
    }

    SearchTerms withExports(InterfaceName name) {
        return new SearchTerms(text, name, imports, namespace, List.of());
    }

    SearchTerms withImports(InterfaceName name) {
        return new SearchTerms(text, exports, name, namespace, List.of());
    }

    SearchTerms withText(String newText) {
        return new SearchTerms(newText, exports, imports, namespace, List.of());
    }

    SearchQuery query(int page, int perPage) {
        return new SearchQuery(text, exports, imports, namespace, page, perPage);
    }

    private static String shorten(String word) {
        return word.length() > 80 ? word.substring(0, 80) + "…" : word;
    }
}
