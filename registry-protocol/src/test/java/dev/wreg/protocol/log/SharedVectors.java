package dev.wreg.protocol.log;

import dev.wreg.testsupport.SharedData;
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

/** The shared log vectors ({@code tlog-vectors} of the shared data, found by {@link SharedData}). */
final class SharedVectors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SharedVectors() {}

    /** The vector file or folder {@code relative}; the test skips without the shared data. */
    static Path path(String relative) {
        return SharedData.require("tlog-vectors/" + relative);
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
