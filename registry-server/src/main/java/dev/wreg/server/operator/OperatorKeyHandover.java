package dev.wreg.server.operator;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.server.config.CannotStartException;
import dev.wreg.server.keys.PreviousOperatorKey;
import dev.wreg.server.log.EarlierSigningKeys;
import dev.wreg.server.log.LogRecovery;
import dev.wreg.server.log.Sequencer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Before the server takes requests, its operator key must be the one the operator log hands the
 * role to. With {@code wreg.operator-previous-key} set to the log's key, it logs the hand-over
 * (signed by that previous key) first: clients that pinned the previous key follow it because the
 * key they trust signed it. Any other key refuses the start, because every record and checkpoint
 * it signed would be refused by every client.
 */
@Component
public class OperatorKeyHandover implements SmartInitializingSingleton, EarlierSigningKeys {

    private static final Logger log = LoggerFactory.getLogger(OperatorKeyHandover.class);

    private final OperatorLog operatorLog;
    private final PreviousOperatorKey previous;
    private final TransactionTemplate transaction;
    private final LogRecovery recovery;
    private final Sequencer sequencer;

    public OperatorKeyHandover(
            OperatorLog operatorLog,
            PreviousOperatorKey previous,
            TransactionTemplate transaction,
            LogRecovery recovery,
            Sequencer sequencer) {
        this.operatorLog = operatorLog;
        this.previous = previous;
        this.transaction = transaction;
        this.recovery = recovery;
        this.sequencer = sequencer;
    }

    @Override
    public void afterSingletonsInstantiated() {
        OperatorState state = operatorLog.current();
        PublicKey own = operatorLog.key().publicKey();
        if (state.operatorKey().equals(own)) {
            previous.privateKey()
                    .ifPresent(p -> log.info(
                            "The operator role was handed over to {} already; wreg.operator-previous-key ({}) is no"
                                    + " longer needed",
                            own.text(),
                            p.publicKey().text()));
            return;
        }
        if (previous.privateKey().isPresent()
                && previous.privateKey().get().publicKey().equals(state.operatorKey())) {
            PrivateKey from = previous.privateKey().get();
            // The log must be whole before it signs (its recovery may not have run yet at this point).
            recovery.reconcileNow();
            // As a namespace claim: the record commits only with a checkpoint that covers it, the first
            // one signed by the new key.
            OperatorLog.Appended handedOver = transaction.execute(status -> {
                OperatorLog.Appended appended = operatorLog.handOver(from);
                sequencer.integrateWithin();
                return appended;
            });
            log.warn(
                    "Handed the operator role from {} to {} (operator record {}); clients that pinned the previous"
                            + " key follow this record",
                    from.publicKey().text(),
                    own.text(),
                    handedOver.record().id());
            return;
        }
        throw new CannotStartException(refusal(state, own));
    }

    /** Why a server with key {@code own} may not sign for the operator log in {@code state}. */
    private static String refusal(OperatorState state, PublicKey own) {
        String refused = "this server's operator key " + own.text() + " is not the operator log's key "
                + state.operatorKey().text();
        if (state.keys().contains(own)) {
            return refused + ": it handed the operator role over and signs nothing more; restart the server with"
                    + " the log's key (wreg.operator-previous-key cannot hand the role back to a key that held it;"
                    + " docs/operations.md, \"Key rotation\")";
        }
        return refused + ": start the server with the operator log's key, or rotate the key by setting"
                + " wreg.operator-previous-key (WREG_OPERATOR_PREVIOUS_KEY) to it"
                + " (docs/operations.md, \"Key rotation\")";
    }

    @Override
    public Optional<String> ownKeyHandedOver() {
        OperatorState state = operatorLog.current();
        PublicKey own = operatorLog.key().publicKey();
        return state.keys().contains(own) && !state.operatorKey().equals(own)
                ? Optional.of(refusal(state, own))
                : Optional.empty();
    }

    @Override
    public List<PublicKey> earlierKeys() {
        PublicKey own = operatorLog.key().publicKey();
        List<PublicKey> earlier = new ArrayList<>(operatorLog.current().keys());
        previous.privateKey()
                .map(PrivateKey::publicKey)
                .filter(k -> !earlier.contains(k))
                .ifPresent(earlier::add);
        earlier.remove(own);
        return earlier;
    }
}
