package dev.wreg.cli.verify;

import dev.wreg.cli.client.LogEntry;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import java.util.List;

/**
 * A package's state rebuilt on this machine from its signed records: every signature, the
 * {@code prev} chain and every permission checked by replaying them through {@link PackageState}.
 */
public record VerifiedPackage(PackageName name, PackageState state, OperatorState operator, List<LogEntry> records) {

    public boolean exists() {
        return state.recordCount() > 0;
    }
}
