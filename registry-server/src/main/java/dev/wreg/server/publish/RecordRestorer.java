package dev.wreg.server.publish;

import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorRecord;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.log.EntryRestorer;
import dev.wreg.server.namespaces.NamespaceService;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.packages.PackageEntity;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.search.InterfaceIndex;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Re-applies records the log signed but the database lost, from their exact envelopes in the
 * entry bundles. They were accepted once, so nothing about the caller is checked again, but the
 * record still has to fit: its signature, permissions and {@code prev} are checked against the
 * state as the database now has it ({@link PackageState#apply}), as for any record. The release
 * content is looked at only for the capability summary it stores; a release the current policy
 * would refuse keeps none, since it was accepted under the policy of its day.
 */
@Component
public record RecordRestorer(
        PackageLog packageLog,
        OperatorLog operatorLog,
        NamespaceService namespaces,
        RecordContents contents,
        InterfaceIndex interfaceIndex)
        implements EntryRestorer {

    @Override
    public String recordIdOf(byte[] entry) {
        Envelope envelope = Envelope.parse(entry);
        return isOperatorRecord(envelope)
                ? SignedOperatorRecord.of(envelope).id().toString()
                : SignedRecord.of(envelope).id().toString();
    }

    @Override
    public void restore(byte[] entry) {
        Envelope envelope = Envelope.parse(entry);
        if (isOperatorRecord(envelope)) {
            namespaces.restore(SignedOperatorRecord.of(envelope), entry);
            return;
        }
        SignedRecord signed = SignedRecord.of(envelope);
        PackageName name = signed.record().pkg();
        OperatorState operator = operatorLog.current();
        PackageEntity row = packageLog
                .lockForAppend(name)
                .orElseThrow(() -> new IllegalStateException(name + " cannot be created: "
                        + packageLog.lookAlikeOf(name).orElse("a look-alike") + " holds its canonical name"));
        PackageState before = packageLog.stateOf(row, name, operator);
        PackageState next = before.apply(signed, operator);
        Map<String, ReleaseContentCheck.ReleaseContent> released = contents.readForRestore(name, signed, before);
        packageLog.append(
                row, before, signed, entry, next, ReleaseContentCheck.ReleaseContent.capabilitiesOf(released));
        // A release whose content could not be read again is left to the index's backfill.
        interfaceIndex.update(row.id(), name, before, next, ReleaseContentCheck.ReleaseContent.interfacesOf(released));
    }

    private static boolean isOperatorRecord(Envelope envelope) {
        return OperatorRecord.PAYLOAD_TYPE.equals(envelope.payloadType());
    }
}
