package dev.wreg.cli.verify;

import dev.wreg.cli.client.LogEntry;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The records of a log (a package's, or the operator's) that an earlier command verified, kept in
 * the state directory as the exact logged bytes, so that a later command asks the registry only
 * for the records after them. Nothing here is trusted more than the registry's answer would be:
 * the copy is replayed and checked like served records, and it is used only when the registry
 * still serves its last record at the same position (otherwise the whole history is read again,
 * so that a hidden or rewritten record is reported exactly as before).
 */
public final class VerifiedRecords {

    private final Path dir;
    /** How many records each log's copy held when read in this command: an unchanged copy is not rewritten. */
    private final Map<String, Integer> keptSizes = new HashMap<>();

    public VerifiedRecords(Path stateDir, RegistryAddress registry) {
        this.dir = stateDir.resolve("registries").resolve(registry.label()).resolve("records");
    }

    /**
     * The log's records: the kept copy completed by what the registry serves from the copy's last
     * record on, or else (no copy, or the registry no longer serves that record there) whatever
     * {@code everything} reads. {@code from} and {@code everything} answer null for a log the
     * registry does not know.
     */
    public List<LogEntry> read(String log, LongFunction<List<LogEntry>> from, LongFunction<List<LogEntry>> everything) {
        List<LogEntry> kept = kept(log);
        keptSizes.put(log, kept.size());
        if (!kept.isEmpty()) {
            LogEntry last = kept.getLast();
            List<LogEntry> tail = from.apply(last.index());
            if (tail != null && !tail.isEmpty() && sameRecord(tail.getFirst(), last)) {
                List<LogEntry> all = new ArrayList<>(kept.size() + tail.size() - 1);
                all.addAll(kept);
                all.addAll(tail.subList(1, tail.size()));
                return all;
            }
        }
        return everything.apply(0);
    }

    /** Keeps {@code records} (all verified) for the next command; a log without entry bytes is not kept. */
    public void keep(String log, List<LogEntry> records) {
        if (records.size() == keptSizes.getOrDefault(log, -1)) {
            return; // nothing was added since the copy was read
        }
        if (records.isEmpty() || records.stream().anyMatch(r -> r.entry() == null || r.logIndex() == null)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        Base64.Encoder base64 = Base64.getEncoder();
        for (LogEntry record : records) {
            text.append(record.index())
                    .append(' ')
                    .append(record.logIndex())
                    .append(' ')
                    .append(record.recordId().isEmpty() ? "-" : record.recordId())
                    .append(' ')
                    .append(base64.encodeToString(record.entry()))
                    .append('\n');
        }
        Path file = fileOf(log);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "records", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the verified records of " + log + " in " + file, e);
        }
    }

    /** The kept copy, or nothing when there is none or it cannot be read (then the registry is asked). */
    private List<LogEntry> kept(String log) {
        Path file = fileOf(log);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<LogEntry> records = new ArrayList<>();
            Base64.Decoder base64 = Base64.getDecoder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] field = line.split(" ");
                if (field.length != 4 || Long.parseLong(field[0]) != records.size()) {
                    return List.of();
                }
                byte[] entry = base64.decode(field[3]);
                records.add(new LogEntry(
                        records.size(),
                        field[2].equals("-") ? "" : field[2],
                        Envelope.parse(entry),
                        Long.parseLong(field[1]),
                        entry));
            }
            return records;
        } catch (IOException | RuntimeException e) {
            // A damaged copy (a malformed line or envelope) only costs the full read it would save.
            return List.of();
        }
    }

    private static boolean sameRecord(LogEntry served, LogEntry kept) {
        return served.index() == kept.index()
                && served.entry() != null
                && Arrays.equals(served.entry(), kept.entry())
                && kept.logIndex().equals(served.logIndex());
    }

    private Path fileOf(String log) {
        return dir.resolve(Digest.sha256(log.getBytes(StandardCharsets.UTF_8)).hex());
    }
}
