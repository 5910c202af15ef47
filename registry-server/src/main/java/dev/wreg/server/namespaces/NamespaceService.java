package dev.wreg.server.namespaces;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.NamespaceClaim;
import dev.wreg.protocol.record.OperatorEntry;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.refusal.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
    private final Sequencer sequencer;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public NamespaceService(OperatorLog operatorLog, NamespaceRepository namespaces, Sequencer sequencer, Clock clock) {
        this.operatorLog = operatorLog;
        this.namespaces = namespaces;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    public record Claimed(String namespace, List<PublicKey> owners, String recordId) {}

    /**
     * Claims an unclaimed namespace for the owner keys; {@code signatures} holds, for each owner
     * in order, its signature of the claim ({@link NamespaceClaim}): nobody can make a key they
     * do not hold the owner of anything.
     */
    @Transactional
    public Claimed claim(String namespace, List<String> ownerTexts, List<String> signatures) {
        checkLabel(namespace);
        List<PublicKey> owners = parseOwners(ownerTexts);
        checkSignatures(new NamespaceClaim(namespace, owners), signatures);
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
        saveProjection(appended.record());
        // Last: the claim commits only together with a signed checkpoint covering its record.
        sequencer.integrateWithin();
        return new Claimed(namespace, owners, appended.record().id().toString());
    }

    /**
     * Re-applies an operator record the log signed but the database lost (see {@link
     * dev.wreg.server.log.LogRecovery}), with its namespace rows. In the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void restore(SignedOperatorRecord signed, byte[] envelope) {
        saveProjection(operatorLog.restore(signed, envelope).record());
    }

    private void saveProjection(SignedOperatorRecord record) {
        for (OperatorEntry entry : record.record().entries()) {
            if (entry instanceof OperatorEntry.Namespace claim) {
                namespaces.save(new NamespaceEntity(
                        claim.namespace(),
                        PackageName.canonicalLabel(claim.namespace()),
                        json.writeValueAsString(
                                claim.owners().stream().map(PublicKey::text).toList()),
                        record.id().toString(),
                        clock.instant()));
            }
        }
        namespaces.flush();
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

    private static void checkSignatures(NamespaceClaim claim, List<String> signatures) {
        if (signatures == null || signatures.size() != claim.owners().size()) {
            throw Refusal.invalidRequest(
                    "signatures must hold one signature per owner key, in the order of owners: each owner signs"
                            + " the claim to show it holds the key (wreg namespace claim does this)");
        }
        for (int i = 0; i < signatures.size(); i++) {
            PublicKey owner = claim.owners().get(i);
            if (!claim.isSignedBy(owner, signatures.get(i))) {
                throw new ProtocolException(
                        ProblemCodes.BAD_SIGNATURE,
                        "owner key " + owner.keyId().value() + " did not sign this claim of namespace '"
                                + claim.namespace() + "'");
            }
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
            if (!seen.add(key.text())) {
                throw Refusal.invalidRequest("owners lists key " + key.keyId().value() + " twice");
            }
            owners.add(key);
        }
        return owners;
    }
}
