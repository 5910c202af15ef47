package dev.wreg.protocol.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A C2SP transparency-log trust policy (c2sp.org/tlog-policy): known logs, known witnesses, witness
 * groups with thresholds, and the quorum a checkpoint's cosignatures must meet.
 *
 * <p>wreg verifies Ed25519 only: log keys must be vkeys of type 0x01 and witness keys of type 0x04
 * (cosignature/v1); other types are refused when the policy is parsed rather than silently never
 * counted. The file must be UTF-8 (names are then compared exactly, octet for octet).
 *
 * @param logs the logs, any of which may sign a checkpoint (its key name is the log's origin)
 * @param witnesses the witnesses by name, in file order
 * @param groups the groups by name, in file order
 * @param quorum the name of the witness or group that must witness a checkpoint, or {@code none}
 */
public record TlogPolicy(List<Log> logs, List<Witness> witnesses, List<Group> groups, String quorum) {
    /** The predefined quorum name that requires no cosignature. */
    public static final String NONE = "none";
    /** Policies larger than this are refused. */
    public static final int MAX_POLICY_BYTES = 1 << 20;
    /** At most this many logs, witnesses and groups each (the spec asks for at least 32). */
    public static final int MAX_ITEMS = 256;

    /** A log line: {@code log <vkey> [<url>]}; url is null when absent. */
    public record Log(VerifierKey key, String url) {}

    /** A witness line: {@code witness <name> <vkey> [<url>]}; url is null when absent. */
    public record Witness(String name, VerifierKey key, String url) {}

    /** A group line: {@code group <name> <k|all|any> <member>...}. */
    public record Group(String name, int threshold, List<String> members) {
        public Group {
            members = List.copyOf(members);
        }
    }

    public TlogPolicy {
        logs = List.copyOf(logs);
        witnesses = List.copyOf(witnesses);
        groups = List.copyOf(groups);
        validate(logs, witnesses, groups, quorum);
    }

    /** The rules of the format, for policies built in code (parsing reports them with line numbers). */
    private static void validate(List<Log> logs, List<Witness> witnesses, List<Group> groups, String quorum) {
        if (logs.size() > MAX_ITEMS || witnesses.size() > MAX_ITEMS || groups.size() > MAX_ITEMS) {
            throw malformed(0, "more than " + MAX_ITEMS + " logs, witnesses or groups");
        }
        for (int i = 0; i < logs.size(); i++) {
            Log log = logs.get(i);
            requireType(log.key(), VerifierKey.TYPE_ED25519, "log");
            requireWord(log.url(), true);
            for (int j = 0; j < i; j++) {
                if (Arrays.equals(logs.get(j).key().publicKey(), log.key().publicKey())) {
                    throw malformed(0, "duplicate log key " + log.key().keyName());
                }
            }
        }
        Set<String> defined = new HashSet<>();
        for (int i = 0; i < witnesses.size(); i++) {
            Witness witness = witnesses.get(i);
            requireWord(witness.name(), false);
            requireWord(witness.url(), true);
            requireType(witness.key(), VerifierKey.TYPE_ED25519_COSIGNATURE, "witness");
            if (witness.name().equals(NONE) || !defined.add(witness.name())) {
                throw malformed(0, "witness name " + witness.name() + " is reserved or already defined");
            }
            for (int j = 0; j < i; j++) {
                if (Arrays.equals(
                        witnesses.get(j).key().publicKey(), witness.key().publicKey())) {
                    throw malformed(0, "duplicate witness key " + witness.name());
                }
            }
        }
        for (Group group : groups) {
            requireWord(group.name(), false);
            if (group.members().isEmpty()
                    || group.threshold() < 1
                    || group.threshold() > group.members().size()
                    || new HashSet<>(group.members()).size() != group.members().size()
                    || !defined.containsAll(group.members())) {
                throw malformed(0, "group " + group.name() + " has an invalid threshold or members");
            }
            if (group.name().equals(NONE) || !defined.add(group.name())) {
                throw malformed(0, "group name " + group.name() + " is reserved or already defined");
            }
        }
        if (quorum == null || (!quorum.equals(NONE) && !defined.contains(quorum))) {
            throw malformed(0, "quorum " + quorum + " is not defined");
        }
    }

    private static void requireType(VerifierKey key, int type, String role) {
        if (key.type() != type) {
            throw malformed(
                    0,
                    role + " key " + key.keyName() + " has signature type 0x" + Integer.toHexString(key.type())
                            + ", expected 0x0" + type);
        }
    }

    private static void requireWord(String word, boolean optional) {
        if (word == null && optional) {
            return;
        }
        if (word == null || word.isEmpty() || word.chars().anyMatch(c -> c == ' ' || c < 0x20 || c == 0x7f)) {
            throw malformed(0, "names and URLs must be non-empty words: " + word);
        }
    }

    /** Parses a policy file. */
    public static TlogPolicy parse(byte[] bytes) {
        if (bytes.length > MAX_POLICY_BYTES) {
            throw malformed(0, "policy is larger than " + MAX_POLICY_BYTES + " bytes");
        }
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c != '\t' && c != '\n' && (c < 0x20 || c == 0x7f)) {
                throw malformed(0, "policy contains the control character 0x" + Integer.toHexString(c));
            }
        }
        return parse(StrictText.utf8(bytes, LogException.MALFORMED_POLICY, "policy"));
    }

    /** Parses a policy file given as text. */
    public static TlogPolicy parse(String text) {
        if (text.length() > MAX_POLICY_BYTES) {
            throw malformed(0, "policy is larger than " + MAX_POLICY_BYTES + " bytes");
        }
        List<Log> logs = new ArrayList<>();
        Map<String, Witness> witnesses = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        String quorum = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            int lineNumber = n + 1;
            if (lines[n].chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                throw malformed(lineNumber, "control character (only tab and newline are allowed)");
            }
            String line = stripSpaceAndTab(lines[n]);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("[ \t]+");
            switch (words[0]) {
                case "log" -> {
                    arguments(words, 2, 3, lineNumber, "log <vkey> [<url>]");
                    VerifierKey key = key(words[1], VerifierKey.TYPE_ED25519, lineNumber, "log");
                    for (Log other : logs) {
                        if (Arrays.equals(other.key().publicKey(), key.publicKey())) {
                            throw malformed(lineNumber, "duplicate log key " + key.keyName());
                        }
                    }
                    logs.add(new Log(key, words.length == 3 ? words[2] : null));
                    limit(logs.size(), lineNumber, "logs");
                }
                case "witness" -> {
                    arguments(words, 3, 4, lineNumber, "witness <name> <vkey> [<url>]");
                    String name = newName(words[1], witnesses, groups, lineNumber);
                    VerifierKey key = key(words[2], VerifierKey.TYPE_ED25519_COSIGNATURE, lineNumber, "witness");
                    for (Witness other : witnesses.values()) {
                        if (Arrays.equals(other.key().publicKey(), key.publicKey())) {
                            throw malformed(lineNumber, "duplicate witness key, already used by " + other.name());
                        }
                    }
                    witnesses.put(name, new Witness(name, key, words.length == 4 ? words[3] : null));
                    limit(witnesses.size(), lineNumber, "witnesses");
                }
                case "group" -> {
                    if (words.length < 4) {
                        throw malformed(lineNumber, "expected group <name> <k|all|any> <member>...");
                    }
                    String name = newName(words[1], witnesses, groups, lineNumber);
                    List<String> members = Arrays.asList(words).subList(3, words.length);
                    Set<String> seen = new HashSet<>();
                    for (String member : members) {
                        if (!witnesses.containsKey(member) && !groups.containsKey(member)) {
                            throw malformed(lineNumber, "group member " + member + " is not defined above");
                        }
                        if (!seen.add(member)) {
                            throw malformed(lineNumber, "group member " + member + " is listed twice");
                        }
                    }
                    int threshold = switch (words[2]) {
                        case "all" -> members.size();
                        case "any" -> 1;
                        default -> {
                            long k = StrictText.decimal(
                                    words[2], LogException.MALFORMED_POLICY, "line " + lineNumber + ": k");
                            if (k < 1 || k > members.size()) {
                                throw malformed(
                                        lineNumber, "threshold must be within 1.." + members.size() + ", got " + k);
                            }
                            yield (int) k;
                        }
                    };
                    groups.put(name, new Group(name, threshold, members));
                    limit(groups.size(), lineNumber, "groups");
                }
                case "quorum" -> {
                    arguments(words, 2, 2, lineNumber, "quorum <name>");
                    if (quorum != null) {
                        throw malformed(lineNumber, "a policy has exactly one quorum line");
                    }
                    String name = words[1];
                    if (!name.equals(NONE) && !witnesses.containsKey(name) && !groups.containsKey(name)) {
                        throw malformed(lineNumber, "quorum " + name + " is not defined above");
                    }
                    quorum = name;
                }
                default -> throw malformed(lineNumber, "unknown keyword " + StrictText.abbreviate(words[0]));
            }
        }
        if (quorum == null) {
            throw malformed(lines.length, "policy has no quorum line");
        }
        return new TlogPolicy(logs, List.copyOf(witnesses.values()), List.copyOf(groups.values()), quorum);
    }

    /** The policy as a file (canonical spacing, no comments). */
    public String text() {
        return text(logs, witnesses, groups, quorum);
    }

    private static String text(List<Log> logs, List<Witness> witnesses, List<Group> groups, String quorum) {
        StringBuilder out = new StringBuilder();
        for (Log log : logs) {
            out.append("log ").append(log.key().text());
            if (log.url() != null) {
                out.append(' ').append(log.url());
            }
            out.append('\n');
        }
        // Groups may only name what precedes them: witnesses first, then groups in order.
        for (Witness witness : witnesses) {
            out.append("witness ")
                    .append(witness.name())
                    .append(' ')
                    .append(witness.key().text());
            if (witness.url() != null) {
                out.append(' ').append(witness.url());
            }
            out.append('\n');
        }
        for (Group group : groups) {
            out.append("group ").append(group.name()).append(' ').append(group.threshold());
            group.members().forEach(m -> out.append(' ').append(m));
            out.append('\n');
        }
        return out.append("quorum ").append(quorum).append('\n').toString();
    }

    /** Whether cosignatures from these witnesses (by policy name) meet the quorum. */
    public boolean quorumMet(Set<String> cosignedBy) {
        if (quorum.equals(NONE)) {
            return true;
        }
        Map<String, Boolean> memo = new HashMap<>();
        return witnessed(quorum, cosignedBy, memo);
    }

    private boolean witnessed(String name, Set<String> cosignedBy, Map<String, Boolean> memo) {
        Boolean known = memo.get(name);
        if (known != null) {
            return known;
        }
        boolean result;
        Group group =
                groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
        if (group == null) {
            result = cosignedBy.contains(name);
        } else {
            int count = 0;
            for (String member : group.members()) {
                if (witnessed(member, cosignedBy, memo)) {
                    count++;
                }
            }
            result = count >= group.threshold();
        }
        memo.put(name, result);
        return result;
    }

    /**
     * Verifies a checkpoint note under this policy: it must be signed by a listed log whose key name
     * is the checkpoint's origin, every signature from a listed witness must verify, and the verified
     * cosignatures must meet the quorum.
     *
     * @throws LogException {@code wrong-origin} (no listed log for the origin), note errors, or
     *     {@code quorum-not-met}
     */
    public VerifiedCheckpoint verify(byte[] checkpointNote) {
        Note note = Note.parse(checkpointNote);
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        List<NoteVerifier> logVerifiers = logs.stream()
                .filter(l -> l.key().keyName().equals(checkpoint.origin()))
                .map(l -> l.key().verifier())
                .toList();
        if (logVerifiers.isEmpty()) {
            throw new LogException(
                    LogException.WRONG_ORIGIN,
                    "the policy lists no log for origin " + StrictText.abbreviate(checkpoint.origin()));
        }
        List<NoteVerifier> witnessVerifiers =
                witnesses.stream().map(w -> w.key().verifier()).toList();
        VerifiedCheckpoint verified =
                Checkpoint.open(checkpointNote, checkpoint.origin(), logVerifiers, witnessVerifiers);
        Set<String> cosignedBy = new HashSet<>();
        for (NoteSignature cosignature : verified.cosignatures()) {
            for (Witness witness : witnesses) {
                if (witness.key().keyName().equals(cosignature.keyName())
                        && witness.key().keyId() == cosignature.keyId()) {
                    cosignedBy.add(witness.name());
                }
            }
        }
        if (!quorumMet(cosignedBy)) {
            throw new LogException(
                    LogException.QUORUM_NOT_MET,
                    "checkpoint cosigned by " + (cosignedBy.isEmpty() ? "no known witness" : cosignedBy)
                            + ", which does not meet quorum " + quorum);
        }
        return verified;
    }

    private static VerifierKey key(String vkey, int type, int lineNumber, String role) {
        VerifierKey key;
        try {
            key = VerifierKey.parse(vkey);
        } catch (LogException e) {
            throw malformed(lineNumber, e.getMessage());
        }
        if (key.type() != type) {
            throw malformed(
                    lineNumber,
                    role + " key " + key.keyName() + " has signature type 0x" + Integer.toHexString(key.type())
                            + ", expected 0x0" + type);
        }
        return key;
    }

    private static String newName(String name, Map<String, ?> witnesses, Map<String, ?> groups, int lineNumber) {
        if (name.equals(NONE)) {
            throw malformed(lineNumber, "the name none is reserved");
        }
        if (witnesses.containsKey(name) || groups.containsKey(name)) {
            throw malformed(lineNumber, "name " + name + " is already defined");
        }
        return name;
    }

    private static void arguments(String[] words, int min, int max, int lineNumber, String form) {
        if (words.length < min || words.length > max) {
            throw malformed(lineNumber, "expected " + form);
        }
    }

    private static void limit(int count, int lineNumber, String what) {
        if (count > MAX_ITEMS) {
            throw malformed(lineNumber, "more than " + MAX_ITEMS + " " + what);
        }
    }

    private static String stripSpaceAndTab(String line) {
        int from = 0;
        int to = line.length();
        while (from < to && (line.charAt(from) == ' ' || line.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (line.charAt(to - 1) == ' ' || line.charAt(to - 1) == '\t')) {
            to--;
        }
        return line.substring(from, to);
    }

    private static LogException malformed(int lineNumber, String message) {
        return new LogException(
                LogException.MALFORMED_POLICY, (lineNumber > 0 ? "policy line " + lineNumber + ": " : "") + message);
    }

    /** The policy file bytes. */
    public byte[] toBytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
