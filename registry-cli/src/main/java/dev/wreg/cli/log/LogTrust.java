package dev.wreg.cli.log;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.LogEntry;
import dev.wreg.cli.client.ParallelReads;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.cli.config.SecureFiles;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.Ed25519PublicKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.CheckpointTransition;
import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.Tiles;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.log.VerifiedCheckpoint;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the CLI trusts about a registry's transparency log: the pinned log key (first use stores
 * what {@code /log/vkey} says, {@code --log-key} pins one explicitly) and the last checkpoint it
 * verified for the log's origin. A served checkpoint must be signed by the pinned key and extend
 * the stored one (consistency proof); a smaller tree is a rollback, another history a fork — both
 * exit 6, and a fork leaves an evidence file with both notes. The stored checkpoint is only ever
 * replaced atomically (write a temporary file, then rename). With a pinned {@link WitnessQuorum}
 * a checkpoint must also meet its witness quorum and be fresh before anything else is checked.
 */
public final class LogTrust {

    private final RegistryClient client;
    private final Path registryState;
    private final Path logsDir;
    private final String explicitKey;
    private final Consumer<String> notes;
    /** The pinned witness policy, or null: then checkpoints need no cosignatures (as before). */
    private final WitnessQuorum witnessQuorum;

    private VerifierKey key;
    /**
     * The log keys of the registry's operator key chain, read once per command when a checkpoint
     * does not open with the pinned key: see {@link #handOvers}.
     */
    private HandOvers handOvers;

    private VerifiedCheckpoint current;
    /** The note {@link #current} was verified from, exactly as served. */
    private byte[] currentNote;
    /**
     * Log entries proven included in an earlier command ("index leaf-hash-hex"), kept beside the
     * stored checkpoint. The log is append-only from checkpoint to checkpoint (each step is
     * verified), so an entry once proven stays included: a later command needs no new proof for
     * it, which is what makes a repeated fetch cheaper than the first. Forgotten when the log is
     * trusted anew (no stored checkpoint).
     */
    private Set<String> proven;
    /** Entry bundles read in this command, by path (immutable, so one read each). */
    private final Map<String, List<byte[]>> bundles = new HashMap<>();
    /**
     * Inclusion proofs read ahead ({@link #readProofsAhead}), by "index size": only the bytes as
     * served, each still verified when used, against the checkpoint verified then.
     */
    private final Map<String, byte[]> proofsAhead = new HashMap<>();

    public LogTrust(RegistryClient client, Path stateDir, String explicitKey, Consumer<String> notes) {
        this(client, stateDir, explicitKey, null, notes);
    }

    public LogTrust(
            RegistryClient client,
            Path stateDir,
            String explicitKey,
            WitnessQuorum witnessQuorum,
            Consumer<String> notes) {
        this.client = client;
        this.witnessQuorum = witnessQuorum;
        this.registryState =
                stateDir.resolve("registries").resolve(client.registry().label());
        this.logsDir = stateDir.resolve("logs");
        this.explicitKey = explicitKey;
        this.notes = notes;
    }

    /** Where {@code wreg log policy set} pins the witness policy of a registry. */
    public static Path policyFile(Path stateDir, RegistryAddress registry) {
        return stateDir.resolve("registries").resolve(registry.label()).resolve("log-policy");
    }

    /** The pinned log key, pinning it on first use. */
    public VerifierKey key() {
        if (key != null) {
            return key;
        }
        Path file = registryState.resolve("log-vkey");
        try {
            if (explicitKey != null) {
                key = parseKey(explicitKey.strip(), "--log-key");
                SecureFiles.writePrivate(file, (key.text() + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (Files.exists(file)) {
                key = parseKey(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
            } else if (witnessQuorum != null && witnessQuorum.policy().logs().size() == 1) {
                // The policy names the log: trust its key rather than what the registry says.
                key = witnessQuorum.policy().logs().getFirst().key();
                SecureFiles.writePrivate(file, (key.text() + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] served = client.logResource("vkey")
                        .orElseThrow(() -> CliException.integrity(
                                "the registry " + client.registry() + " serves no transparency log (/log/vkey)"));
                key = parseKey(new String(served, StandardCharsets.UTF_8).strip(), "/log/vkey");
                SecureFiles.writePrivate(file, (key.text() + "\n").getBytes(StandardCharsets.UTF_8));
                notes.accept("wreg: trusting the registry's log key " + key.text() + " from now on (pinned in " + file
                        + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return key;
    }

    private static VerifierKey parseKey(String text, String source) {
        try {
            VerifierKey parsed = VerifierKey.parse(text);
            if (parsed.type() != VerifierKey.TYPE_ED25519) {
                throw CliException.usage("the log key from " + source + " is not an Ed25519 note key");
            }
            return parsed;
        } catch (ProtocolException e) {
            throw CliException.usage("the log key from " + source + " is not a vkey: " + e.getMessage());
        }
    }

    /** Where the last verified checkpoint of an origin is kept. */
    Path checkpointFile(String origin) {
        return logsDir.resolve(
                        Digest.sha256(origin.getBytes(StandardCharsets.UTF_8)).hex())
                .resolve("checkpoint");
    }

    /** The last checkpoint verified for the pinned log, if any. */
    public Optional<VerifiedCheckpoint> stored() {
        Path file = checkpointFile(key().keyName());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] note = Files.readAllBytes(file);
            try {
                return Optional.of(Checkpoint.open(note, key()));
            } catch (LogException e) {
                // Stored before the operator key was handed over (by this registry, or by the same log
                // at another address): it opens with a key the chain hands over from, or not at all.
                for (VerifierKey earlier : handOvers(key()).earlier()) {
                    try {
                        return Optional.of(Checkpoint.open(note, earlier));
                    } catch (LogException notThisOne) {
                        // the next one
                    }
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (LogException e) {
            throw CliException.integrity(
                    "the stored checkpoint " + file + " does not verify with the pinned key: " + e.getMessage());
        }
    }

    /**
     * Fetches the log's checkpoint, verifies it against the pinned key and the stored checkpoint,
     * and stores it. Once per command: later calls return the same checkpoint.
     */
    public VerifiedCheckpoint checkpoint() {
        if (current == null) {
            current = refresh();
        }
        return current;
    }

    private VerifiedCheckpoint refresh() {
        VerifierKey pinned = key();
        byte[] note = client.logResource("checkpoint")
                .orElseThrow(() -> CliException.integrity("the registry serves no log checkpoint"));
        VerifiedCheckpoint next;
        VerifierKey handedOverTo = null;
        try {
            next = Checkpoint.open(note, pinned);
        } catch (LogException e) {
            HandOvers chain = handOvers(pinned);
            handedOverTo = chain.earlier().contains(pinned) ? chain.current() : null;
            try {
                if (handedOverTo == null) {
                    throw e;
                }
                next = Checkpoint.open(note, handedOverTo);
            } catch (LogException refused) {
                throw CliException.integrity("the log checkpoint does not verify with the pinned key " + pinned.text()
                        + ": " + e.getMessage() + " [" + e.code() + "]");
            }
            key = handedOverTo;
            pinned = handedOverTo;
        }
        if (witnessQuorum != null) {
            next = witnessQuorum.check(next, pinned, Instant.now(), notes);
        }
        Optional<VerifiedCheckpoint> last = stored();
        if (last.isEmpty()) {
            forgetProven(pinned.keyName());
        }
        if (last.isPresent()) {
            Checkpoint old = last.get().checkpoint();
            List<byte[]> proof = List.of();
            if (old.size() > 0 && next.checkpoint().size() > old.size()) {
                proof = consistencyProof(old.size(), next.checkpoint().size());
            }
            try {
                CheckpointTransition.verify(old, next.checkpoint(), proof);
            } catch (LogException e) {
                Path evidence = writeEvidence(last.get().noteBytes(), note, proof);
                throw CliException.integrity("the transparency log " + old.origin() + " is not append-only: "
                        + e.getMessage() + " [" + e.code() + "]; both checkpoints are kept in " + evidence);
            }
        }
        store(pinned.keyName(), note);
        if (handedOverTo != null) {
            // Only now, with the new checkpoint proven to extend the stored one and stored.
            Path file = registryState.resolve("log-vkey");
            SecureFiles.writePrivate(file, (handedOverTo.text() + "\n").getBytes(StandardCharsets.UTF_8));
            notes.accept("wreg: the registry's log key follows its operator key's hand-over to " + handedOverTo.text()
                    + " (pinned in " + file + ")");
        }
        currentNote = note;
        return next;
    }

    /**
     * The log's keys under the operator keys of the registry's operator log: {@code earlier} under
     * every key that handed the role over, {@code current} under the key the registry serves now
     * (null when the chain cannot be read). Each hand-over record is signed by the key that held
     * the role, so a pinned log key among {@code earlier} vouches for {@code current}. Read once
     * per command, and never for a log key given explicitly or named by a witness policy, which
     * the user decides on.
     */
    private record HandOvers(List<VerifierKey> earlier, VerifierKey current) {
        static final HandOvers NONE = new HandOvers(List.of(), null);
    }

    private HandOvers handOvers(VerifierKey pinned) {
        if (handOvers != null) {
            return handOvers;
        }
        handOvers = HandOvers.NONE;
        if (explicitKey != null || witnessQuorum != null) {
            return handOvers;
        }
        try {
            PublicKey served = client.operatorKey();
            List<SignedOperatorRecord> records = client.operatorRecords().stream()
                    .map(entry -> SignedOperatorRecord.of(entry.envelope()))
                    .toList();
            List<PublicKey> keys = OperatorState.replay(records, served).keys();
            handOvers = new HandOvers(
                    keys.subList(0, keys.size() - 1).stream()
                            .map(k -> logKeyOf(pinned.keyName(), k))
                            .toList(),
                    logKeyOf(pinned.keyName(), served));
        } catch (ProtocolException | CliException | IllegalArgumentException e) {
            // No chain to follow: the pinned key alone decides.
        }
        return handOvers;
    }

    private static VerifierKey logKeyOf(String origin, PublicKey operatorKey) {
        if (!(operatorKey instanceof Ed25519PublicKey ed25519)) {
            throw new IllegalArgumentException("not an ed25519 key");
        }
        return VerifierKey.of(origin, VerifierKey.TYPE_ED25519, ed25519.bytes());
    }

    private List<byte[]> consistencyProof(long old, long size) {
        byte[] body = client.logResource("proof/consistency?old=" + old + "&size=" + size)
                .orElse(new byte[0]);
        try {
            return new String(body, StandardCharsets.UTF_8)
                    .lines()
                    .map(line -> Base64.getDecoder().decode(line))
                    .toList();
        } catch (IllegalArgumentException e) {
            return List.of(); // an unreadable proof is a failing proof
        }
    }

    private void store(String origin, byte[] note) {
        Path file = checkpointFile(origin);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "checkpoint", ".tmp");
            Files.write(temp, note);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the checkpoint in " + file, e);
        }
    }

    private Path writeEvidence(byte[] lastNote, byte[] servedNote, List<byte[]> proof) {
        Path dir = checkpointFile(key().keyName()).getParent();
        Path file = dir.resolve("evidence-" + Instant.now().toEpochMilli() + ".txt");
        StringBuilder text = new StringBuilder();
        text.append("# wreg: two checkpoints of one log that are not consistent\n");
        text.append("# last verified checkpoint:\n");
        text.append(new String(lastNote, StandardCharsets.UTF_8)).append("\n");
        text.append("# checkpoint served on ").append(Instant.now()).append(":\n");
        text.append(new String(servedNote, StandardCharsets.UTF_8)).append("\n");
        text.append("# consistency proof served:\n");
        for (byte[] hash : proof) {
            text.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence file " + file, e);
        }
        return file;
    }

    /**
     * Package histories only grow: refuses a history shorter than the one verified before, or one
     * whose record at the last verified position is another record (a hidden release, yank or
     * revocation, or a rewritten history), then remembers the served history's length and head.
     * Call it only with a history whose records were all verified.
     */
    public void checkPackageHistory(String pkg, List<LogEntry> records) {
        Path file = registryState
                .resolve("packages")
                .resolve(Digest.sha256(pkg.getBytes(StandardCharsets.UTF_8)).hex());
        try {
            if (Files.exists(file)) {
                List<String> seen = Files.readAllLines(file, StandardCharsets.UTF_8);
                long count = seen.size() == 2 ? parseCount(seen.get(0)) : -1;
                if (count < 0) {
                    throw CliException.integrity("the stored history of " + pkg + " in " + file + " is unreadable");
                }
                if (records.size() < count) {
                    throw CliException.integrity("the registry serves " + records.size() + " records of " + pkg
                            + " but " + count + " were verified before: it hides part of the package's history"
                            + " (package-rollback)");
                }
                if (count > 0) {
                    String id = recordId(records.get((int) (count - 1)));
                    if (!id.equals(seen.get(1))) {
                        throw CliException.integrity("record " + (count - 1) + " of " + pkg + " is now " + id
                                + " but was " + seen.get(1) + ": the package's history was rewritten"
                                + " (package-fork)");
                    }
                }
                if (records.size() == count) {
                    return;
                }
            }
            if (records.isEmpty()) {
                return;
            }
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "history", ".tmp");
            Files.writeString(temp, records.size() + "\n" + recordId(records.getLast()) + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the history of " + pkg + " in " + file, e);
        }
    }

    private static long parseCount(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String recordId(LogEntry record) {
        return Digest.sha256(record.envelope().payload()).toString();
    }

    /**
     * Checks that every record is in the log under the verified checkpoint; a record proven in an
     * earlier command (the same bytes at the same index) needs no proof again.
     */
    public void verifyIncluded(List<LogEntry> records, String what) {
        readProofsAhead(records);
        Set<String> known = proven();
        List<String> added = new ArrayList<>();
        for (LogEntry record : records) {
            if (record.logIndex() == null) {
                throw CliException.integrity(what + " record " + record.index() + " (" + record.recordId()
                        + ") is not in the transparency log");
            }
            byte[] entry = loggedBytes(record, what);
            String leaf = record.logIndex() + " " + HexFormat.of().formatHex(MerkleHasher.leafHash(entry));
            if (known.contains(leaf)) {
                continue;
            }
            verifyIncluded(entry, record.logIndex(), what + " record " + record.index());
            added.add(leaf);
        }
        if (!added.isEmpty()) {
            known.addAll(added);
            rememberProven(key().keyName(), added);
        }
    }

    /**
     * Reads the inclusion proofs these records will need under the current checkpoint all at once
     * ({@link ParallelReads}), so that proving many records costs about one round trip. Nothing is
     * trusted here: {@link #verifyIncluded(byte[], long, String)} verifies each proof as before,
     * and one that could not be read ahead is read again there (where a failure is reported).
     */
    public void readProofsAhead(List<LogEntry> records) {
        long size = checkpoint().checkpoint().size();
        Set<String> known = proven();
        List<Long> wanted = new ArrayList<>();
        for (LogEntry record : records) {
            Long index = record.logIndex();
            if (index == null || record.entry() == null || index < 0 || index >= size) {
                continue; // verifyIncluded reports these, or reads the entry from the log first
            }
            String leaf = index + " " + HexFormat.of().formatHex(MerkleHasher.leafHash(record.entry()));
            if (!known.contains(leaf) && !proofsAhead.containsKey(index + " " + size) && !wanted.contains(index)) {
                wanted.add(index);
            }
        }
        if (wanted.size() < 2) {
            return; // one proof is read where it is verified: nothing to overlap
        }
        List<ParallelReads.Outcome<Optional<byte[]>>> read =
                ParallelReads.map(wanted, index -> client.logResource(inclusionProofPath(index, size)));
        for (int i = 0; i < wanted.size(); i++) {
            ParallelReads.Outcome<Optional<byte[]>> outcome = read.get(i);
            if (outcome.failure() == null && outcome.value().isPresent()) {
                proofsAhead.put(wanted.get(i) + " " + size, outcome.value().get());
            }
        }
    }

    private static String inclusionProofPath(long index, long size) {
        return "proof/inclusion?index=" + index + "&size=" + size;
    }

    private Path provenFile(String origin) {
        return checkpointFile(origin).resolveSibling("included");
    }

    private Set<String> proven() {
        if (proven == null) {
            Path file = provenFile(key().keyName());
            proven = new HashSet<>();
            if (Files.exists(file)) {
                try {
                    proven.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }
        return proven;
    }

    private void rememberProven(String origin, List<String> leaves) {
        Path file = provenFile(origin);
        try {
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    leaves.stream()
                            .map(l -> l + "\n")
                            .collect(java.util.stream.Collectors.joining())
                            .getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void forgetProven(String origin) {
        proven = new HashSet<>();
        try {
            Files.deleteIfExists(provenFile(origin));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + provenFile(origin), e);
        }
    }

    /**
     * The exact bytes of a record's log entry: as the registry sent them beside the record (the
     * envelope in use was parsed from them), or else read from the log's entry bundle, which must
     * then hold the same envelope. Never a re-serialisation, which need not be the logged bytes.
     */
    private byte[] loggedBytes(LogEntry record, String what) {
        if (record.entry() != null) {
            return record.entry();
        }
        long size = checkpoint().checkpoint().size();
        if (record.logIndex() >= size) {
            current = refresh();
            size = current.checkpoint().size();
        }
        if (record.logIndex() < 0 || record.logIndex() >= size) {
            return new byte[0]; // verifyIncluded reports the impossible index
        }
        byte[] entry = bundleEntry(record.logIndex(), size);
        Envelope logged;
        try {
            logged = Envelope.parse(entry);
        } catch (ProtocolException e) {
            throw CliException.integrity(what + " record " + record.index() + ": log entry " + record.logIndex()
                    + " is not an envelope: " + e.getMessage());
        }
        if (!logged.equals(record.envelope())) {
            throw CliException.integrity(
                    what + " record " + record.index() + " is not the envelope at log index " + record.logIndex());
        }
        return entry;
    }

    private byte[] bundleEntry(long index, long size) {
        long bundle = index / TileResource.FULL_WIDTH;
        int width = (int) Math.min(TileResource.FULL_WIDTH, size - bundle * TileResource.FULL_WIDTH);
        EntryBundleId id = new EntryBundleId(bundle, width);
        List<byte[]> entries = bundles.computeIfAbsent(id.path(), path -> {
            byte[] data = client.logResource(path)
                    .orElseThrow(() -> CliException.integrity(
                            "the log does not serve " + path + ", which its checkpoint implies"));
            try {
                return Tiles.decodeBundle(id, data);
            } catch (LogException e) {
                throw CliException.integrity("entry bundle " + path + " is malformed: " + e.getMessage());
            }
        });
        return entries.get((int) (index % TileResource.FULL_WIDTH));
    }

    /**
     * Checks that {@code entry} is at {@code logIndex} in the log under the verified checkpoint and
     * returns the verified c2sp.org/tlog-proof@v1 bytes.
     */
    public byte[] verifyIncluded(byte[] entry, long logIndex, String what) {
        Checkpoint checkpoint = checkpoint().checkpoint();
        if (logIndex >= checkpoint.size()) {
            // Integrated after the checkpoint was read: read a newer one (still checked append-only).
            current = refresh();
            checkpoint = current.checkpoint();
        }
        if (logIndex < 0 || logIndex >= checkpoint.size()) {
            throw CliException.integrity(
                    what + " claims log index " + logIndex + " beyond the log's size " + checkpoint.size());
        }
        byte[] body = proofsAhead.remove(logIndex + " " + checkpoint.size());
        if (body == null) {
            body = client.logResource(inclusionProofPath(logIndex, checkpoint.size()))
                    .orElseThrow(() -> CliException.integrity("the registry has no inclusion proof for " + what));
        }
        try {
            TlogProof proof = TlogProof.parse(body);
            if (proof.index() != logIndex) {
                throw new LogException(LogException.INVALID_PROOF, "the proof is for index " + proof.index());
            }
            byte[] leaf = MerkleHasher.leafHash(entry);
            Checkpoint under;
            if (Arrays.equals(proof.checkpoint(), currentNote)) {
                // The very note this command verified (signature, witnesses, append-only): a lock of
                // twenty packages would otherwise check the same signature on the same bytes twenty
                // times. The proof itself is still checked against that checkpoint's root.
                under = checkpoint;
                MerkleProofs.verifyInclusion(
                        proof.index(), under.size(), leaf, proof.inclusionProof(), under.rootHash());
            } else {
                under = proof.verify(leaf, key()).checkpoint();
            }
            if (under.size() != checkpoint.size() || !Arrays.equals(under.rootHash(), checkpoint.rootHash())) {
                throw new LogException(LogException.INVALID_PROOF, "the proof is under another checkpoint");
            }
            return body;
        } catch (LogException e) {
            throw CliException.integrity(
                    what + " is not proven to be in the transparency log: " + e.getMessage() + " [" + e.code() + "]");
        }
    }
}
