package dev.wreg.engine.wit.text;

import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPackageName;
import dev.wreg.engine.wit.WitResolve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads WIT text into a {@link WitResolve}: a single {@code .wit} file (with optional nested
 * {@code package ns:name { .. }} blocks), or a directory whose {@code *.wit} files form the main
 * package and whose {@code deps/} folder holds the packages it depends on (each a directory or a
 * single file).
 *
 * <p>Errors are {@link WitParseException}s whose message starts with {@code file:line:column}.
 */
public final class WitParser {
    private WitParser() {}

    /** The resolved packages and the one that was asked for (the root package). */
    public record Parsed(WitResolve resolve, PackageId main) {}

    /** Parses one WIT document given as text; {@code fileName} is used in error messages. */
    public static Parsed parseString(String fileName, String text) {
        Ast.File file = Parser.parse(new Source(fileName, text));
        Resolver resolver = new Resolver();
        resolver.addMain(List.of(file));
        return resolver.resolve();
    }

    /** Parses a {@code .wit} file or a package directory (with {@code deps/}). */
    public static Parsed parsePath(Path path) {
        Resolver resolver = new Resolver();
        if (Files.isDirectory(path)) {
            resolver.addMain(parseDir(path));
            Path deps = path.resolve("deps");
            if (Files.isDirectory(deps)) {
                for (Path dep : list(deps)) {
                    if (Files.isDirectory(dep)) {
                        resolver.addDependency(parseDir(dep));
                    } else if (dep.getFileName().toString().endsWith(".wit")) {
                        resolver.addDependency(List.of(parseFile(dep)));
                    }
                }
            }
        } else {
            resolver.addMain(List.of(parseFile(path)));
        }
        return resolver.resolve();
    }

    private static List<Ast.File> parseDir(Path dir) {
        List<Ast.File> files = new ArrayList<>();
        for (Path p : list(dir)) {
            if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".wit")) {
                files.add(parseFile(p));
            }
        }
        if (files.isEmpty()) {
            throw new WitParseException(dir.toString(), 1, 1, "no .wit files in directory");
        }
        return files;
    }

    private static Ast.File parseFile(Path p) {
        return Parser.parse(new Source(p.toString(), read(p)));
    }

    private static String read(Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WitParseException(p.toString(), 1, 1, "file is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Convenience for callers that only need the name: the root package name of a parse result. */
    public static WitPackageName mainName(Parsed parsed) {
        return parsed.resolve().pkg(parsed.main()).name();
    }
}
