package dev.wreg.cli.search;

import dev.wreg.cli.CliException;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.SearchHit;
import dev.wreg.protocol.api.SearchPage;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg search QUERY [--exports IFACE] [--imports IFACE]}: asks the registry's index.
 * Results are the index's answer, not verified (nothing is downloaded); {@code wreg lock} and
 * {@code wreg fetch} verify whatever is then used.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search the registry by text and by the interfaces packages export or import.",
            "An interface without @version matches every version; with one, that semver track.",
            "Prints a table on a terminal, tab-separated lines otherwise, or JSON with --json."
        })
public final class SearchCommand extends RegistryCommand {

    /** As the registry's limit; checked here so a long query fails before it is sent. */
    static final int MAX_QUERY_CHARS = 256;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "Free text: names, interfaces, descriptions.")
    String query;

    @Option(names = "--exports", paramLabel = "IFACE", description = "Only packages exporting ns:pkg/iface[@version].")
    String exports;

    @Option(names = "--imports", paramLabel = "IFACE", description = "Only packages importing ns:pkg/iface[@version].")
    String imports;

    @Option(names = "--namespace", paramLabel = "NS", description = "Only packages in this namespace.")
    String namespace;

    @Option(names = "--page", paramLabel = "N", description = "Which page of results (default: 1).")
    int page = 1;

    @Option(names = "--per-page", paramLabel = "N", description = "Results per page, 1 to 100 (default: 20).")
    int perPage = 20;

    @Option(names = "--json", description = "Print the registry's answer as JSON.")
    boolean json;

    @Override
    protected void execute() {
        if (query == null && exports == null && imports == null && namespace == null) {
            throw CliException.usage("give a QUERY, --exports, --imports or --namespace");
        }
        if (query != null && query.strip().length() > MAX_QUERY_CHARS) {
            throw CliException.usage("the query is " + query.strip().length() + " characters long; at most "
                    + MAX_QUERY_CHARS + " are accepted");
        }
        if (page < 1 || perPage < 1 || perPage > 100) {
            throw CliException.usage("--page must be 1 or more and --per-page between 1 and 100");
        }
        checkInterface("--exports", exports);
        checkInterface("--imports", imports);
        if (namespace != null && !PackageName.isValidLabel(namespace)) {
            throw CliException.usage("--namespace " + namespace + " is not a lowercase kebab-case label");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("q", query);
        parameters.put("exports", exports);
        parameters.put("imports", imports);
        parameters.put("namespace", namespace);
        parameters.put("page", Integer.toString(page));
        parameters.put("per_page", Integer.toString(perPage));
        SearchPage result = client().search(parameters);
        if (json) {
            printJson(JSON.valueToTree(result));
            return;
        }
        if (env().terminal()) {
            printTable(result.hits());
        } else {
            for (SearchHit hit : result.hits()) {
                println(String.join(
                        "\t",
                        hit.pkg(),
                        hit.version(),
                        String.join(",", hit.matchedInterfaces()),
                        flags(hit),
                        hit.description() == null ? "" : oneLine(hit.description())));
            }
        }
        long pages = Math.max(1, (result.total() + perPage - 1) / perPage);
        if (result.hits().isEmpty()) {
            note("wreg: no package matches");
        } else if (pages > 1) {
            note("page " + result.page() + " of " + pages + " (" + result.total() + " packages); --page N for more");
        }
    }

    private static void checkInterface(String option, String value) {
        if (value == null) {
            return;
        }
        try {
            InterfaceName.parse(value);
        } catch (ProtocolException e) {
            throw CliException.usage(option + " " + value + ": " + e.getMessage());
        }
    }

    private static String flags(SearchHit hit) {
        List<String> flags = new ArrayList<>();
        if (hit.yanked()) {
            flags.add("yanked");
        }
        if (hit.deprecated() != null) {
            flags.add("deprecated");
        }
        return String.join(",", flags);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private void printTable(List<SearchHit> hits) {
        String[] header = {"PACKAGE", "VERSION", "INTERFACES", "DESCRIPTION"};
        List<String[]> rows = new ArrayList<>();
        for (SearchHit hit : hits) {
            String flags = flags(hit);
            rows.add(new String[] {
                hit.pkg(),
                hit.version() + (flags.isEmpty() ? "" : " (" + flags + ")"),
                String.join(", ", hit.matchedInterfaces()),
                hit.description() == null ? "" : shorten(oneLine(hit.description()), 60)
            });
        }
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        println(format(header, widths));
        for (String[] row : rows) {
            println(format(row, widths));
        }
    }

    private static String format(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
        }
        return line.toString().stripTrailing();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
