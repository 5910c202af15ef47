package dev.wreg.server.namespaces;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorEntry;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.refusal.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Namespace claims: an unclaimed namespace is bound to owner keys by an operator record; only
 * those keys may then {@code init} packages in it. A namespace whose canonical form equals an
 * existing one's (a look-alike) is refused.
 */
@Service
public class NamespaceService {

    static final int MAX_OWNERS = 16;

    private final OperatorLog operatorLog;
    private final NamespaceRepository namespaces;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public NamespaceService(OperatorLog operatorLog, NamespaceRepository namespaces, Clock clock) {
        this.operatorLog = operatorLog;
        this.namespaces = namespaces;
        this.clock = clock;
    }

    public record Claimed(String namespace, List<PublicKey> owners, String recordId) {}

    @Transactional
    public Claimed claim(String namespace, List<String> ownerTexts) {
        checkLabel(namespace);
        List<PublicKey> owners = parseOwners(ownerTexts);
        OperatorLog.Appended appended = operatorLog.append(state -> {
            if (state.owners(namespace).isPresent()) {
                throw Refusal.conflict(ProblemCodes.CONFLICT, "namespace '" + namespace + "' is already claimed");
            }
            state.conflictingNamespace(namespace).ifPresent(existing -> {
                throw Refusal.conflict(
                        ProblemCodes.NAME_CONFLICT,
                        "namespace '" + namespace + "' is too similar to the existing namespace '" + existing + "'");
            });
            return List.of(new OperatorEntry.Namespace(namespace, owners));
        });
        namespaces.save(new NamespaceEntity(
                namespace,
                PackageName.canonicalLabel(namespace),
                json.writeValueAsString(owners.stream().map(PublicKey::text).toList()),
                appended.record().id().toString(),
                clock.instant()));
        return new Claimed(namespace, owners, appended.record().id().toString());
    }

    /** A claimed namespace: its owners now, and the operator record that claimed it. */
    public record Claim(String namespace, List<PublicKey> owners, String recordId, java.time.Instant claimedAt) {}

    public Optional<Claim> claimOf(String namespace) {
        if (namespace == null || !PackageName.isValidLabel(namespace)) {
            return Optional.empty();
        }
        return owners(namespace)
                .flatMap(owners -> namespaces
                        .findById(namespace)
                        .map(row -> new Claim(namespace, owners, row.recordId(), row.createdAt())));
    }

    public Optional<List<PublicKey>> owners(String namespace) {
        checkLabel(namespace);
        OperatorState state = operatorLog.current();
        return state.owners(namespace);
    }

    static void checkLabel(String namespace) {
        if (namespace == null || !PackageName.isValidLabel(namespace)) {
            throw new ProtocolException(
                    "invalid-name",
                    "namespace must be kebab-case: lowercase letters and digits, words joined by single '-', each word starting with a letter, at most "
                            + PackageName.MAX_LABEL_LENGTH + " characters");
        }
    }

    private static List<PublicKey> parseOwners(List<String> ownerTexts) {
        if (ownerTexts == null || ownerTexts.isEmpty()) {
            throw Refusal.invalidRequest("a namespace needs at least one owner key");
        }
        if (ownerTexts.size() > MAX_OWNERS) {
            throw Refusal.invalidRequest("at most " + MAX_OWNERS + " owner keys");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<PublicKey> owners = new ArrayList<>();
        for (String text : ownerTexts) {
            PublicKey key = PublicKey.parse(text);
            if (seen.add(key.text())) {
                owners.add(key);
            }
        }
        return owners;
    }
}
