package dev.wreg.cli.semver;

import dev.wreg.protocol.version.Version;
import dev.wreg.validator.semver.Change;
import dev.wreg.validator.semver.SemverCheck;
import dev.wreg.validator.semver.SemverReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wreg semver OLD NEW}: lists every change between two releases (components or encoded WIT
 * packages) and the bump it needs. With {@code --old-version}/{@code --new-version} it also names
 * each change the bump does not cover.
 *
 * <p>Exit codes: 0 compatible (or no versions given), 1 the bump is too small, 2 usage error or
 * unreadable/invalid input.
 */
@Command(
        name = "semver",
        mixinStandardHelpOptions = true,
        description = "Compare two releases and classify every change (major/minor/patch).",
        exitCodeOnInvalidInput = 2,
        footer = {"", "Exit codes: 0 compatible, 1 version bump too small, 2 usage error or bad input."})
public final class SemverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW")
    Path newFile;

    @Option(names = "--old-version", description = "Version of OLD, to judge the bump.")
    String oldVersion;

    @Option(names = "--new-version", description = "Version of NEW, to judge the bump.")
    String newVersion;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        SemverReport report;
        try {
            Version ov = version("--old-version", oldVersion);
            Version nv = version("--new-version", newVersion);
            byte[] oldBytes = read(oldFile);
            byte[] newBytes = read(newFile);
            try {
                report = SemverCheck.check(oldBytes, newBytes, ov, nv);
            } catch (RuntimeException e) {
                throw new Refused("cannot compare " + oldFile + " with " + newFile + ": " + e.getMessage());
            }
        } catch (Refused e) {
            // One line, as every wreg failure: "wreg: " and what is wrong with which file.
            spec.commandLine().getErr().println("wreg: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonMapper mapper = JsonMapper.builder().build();
            ObjectNode root = mapper.createObjectNode();
            root.put("required", lower(report.required()));
            if (report.actual() == null) {
                root.putNull("actual");
            } else {
                root.put("actual", lower(report.actual()));
            }
            root.put("compatible", report.compatible());
            ArrayNode changes = root.putArray("changes");
            for (Change c : report.changes()) {
                ObjectNode n = changes.addObject();
                n.put("item", c.item());
                n.put("direction", lower(c.direction()));
                n.put("kind", lower(c.kind()));
                n.put("impact", lower(c.impact()));
                n.put("breaking", report.breaking().contains(c));
                if (c.detail() != null) {
                    n.put("detail", c.detail());
                }
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            for (Change c : report.changes()) {
                out.println((report.breaking().contains(c) ? "BREAKING " : "") + c);
            }
            out.println("required bump: " + lower(report.required())
                    + (report.actual() == null ? "" : ", actual bump: " + lower(report.actual())));
            if (!report.compatible()) {
                out.println(report.breaking().size() + " change(s) need a larger version bump");
            }
        }
        out.flush();
        return report.compatible() ? 0 : 1;
    }

    /** A refusal of the input, reported as one line. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private static Version version(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Version.parse(text);
        } catch (RuntimeException e) {
            throw new Refused(option + " '" + text + "' is not a version: " + e.getMessage());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Refused("no such file: " + file);
        } catch (IOException e) {
            throw new Refused("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
