package dev.wreg.cli.grant;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.record.Permission;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses {@code release,yank,grant} as typed on the command line. */
final class Permissions {

    private Permissions() {}

    static Set<Permission> parse(List<String> texts) {
        EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String text : texts) {
            for (String part : text.split(",")) {
                String label = part.strip().toLowerCase(Locale.ROOT);
                if (label.isEmpty()) continue;
                try {
                    permissions.add(Permission.valueOf(label.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("'" + part.strip() + "' is not a permission (release, yank, grant)");
                }
            }
        }
        if (permissions.isEmpty()) {
            throw CliException.usage("name at least one permission: release, yank, grant");
        }
        return permissions;
    }
}
