package dev.wreg.protocol.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Access to ../shared/tlog-vectors through the {@code wreg.shared} system property. */
final class SharedVectors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SharedVectors() {}

    static Path root() {
        String shared = System.getProperty("wreg.shared");
        if (shared == null) {
            throw new IllegalStateException("system property wreg.shared is not set (run through Maven)");
        }
        return Path.of(shared, "tlog-vectors");
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static JsonNode json(Path file) {
        return JSON.readTree(file.toFile());
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        return new String(bytes(file), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    static List<Path> jsonFilesUnder(String relative) {
        try (Stream<Path> files = Files.walk(path(relative))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Standard base64; JSON null or "" means an absent value (an empty array). */
    static byte[] b64(JsonNode node) {
        if (node == null || node.isNull()) {
            return new byte[0];
        }
        return Base64.getDecoder().decode(node.asString());
    }

    static List<byte[]> b64List(JsonNode node) {
        List<byte[]> list = new ArrayList<>();
        if (node != null && !node.isNull()) {
            for (JsonNode item : node) {
                list.add(b64(item));
            }
        }
        return list;
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
