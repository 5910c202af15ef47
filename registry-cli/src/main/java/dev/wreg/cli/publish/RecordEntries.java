package dev.wreg.cli.publish;

import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.version.Version;
import java.util.Set;

/** The record entries the CLI writes, built in one place. */
public final class RecordEntries {

    private RecordEntries() {}

    public static Entry init(PublicKey key) {
        return new Entry.Init(key);
    }

    public static Entry release(Version version, Digest content, long size) {
        return new Entry.Release(version, content, size);
    }

    public static Entry yank(Version version, String reason) {
        return new Entry.Yank(version, reason);
    }

    public static Entry unyank(Version version) {
        return new Entry.Unyank(version);
    }

    public static Entry deprecate(Version version, String message) {
        return new Entry.Deprecate(version, message);
    }

    public static Entry grant(PublicKey key, Set<Permission> permissions) {
        return new Entry.Grant(key, permissions);
    }

    public static Entry revoke(KeyId keyId, Set<Permission> permissions) {
        return new Entry.Revoke(keyId, permissions);
    }
}
