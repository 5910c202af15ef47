package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code wasi:filesystem/types} descriptor methods that WASI 0.2 and 0.3 define alike and this
 * host answers alike: the path operations inside a directory, the metadata hashes, the no-op
 * syncs, and the refusals (sizes and times unsupported, links refused). Every decision is
 * {@link Filesystem}'s; each version passes in how it finds a descriptor behind a handle and how it
 * wraps a {@code result<_, error-code>} (0.2's error code is an enum, 0.3's a variant).
 */
final class DescriptorMethods {
    /** A filesystem operation whose value becomes the {@code ok} case and whose failure the error code. */
    interface Op {
        Val run(List<Val> a) throws Filesystem.FsError, IOException;
    }

    private DescriptorMethods() {}

    /** Adds the shared methods to {@code types}, the version's {@code wasi:filesystem/types} instance. */
    static Linker.HostInstance addTo(
            Linker.HostInstance types, Function<Val, Filesystem.Descriptor> desc, Function<Op, HostFunction> fs) {
        HostFunction unsupported = fs.apply(a -> {
            throw new Filesystem.FsError("unsupported");
        });
        HostFunction links = fs.apply(a -> {
            throw Filesystem.linksRefused();
        });
        HostFunction noOp = fs.apply(a -> null);
        return types.func("[method]descriptor.create-directory-at", fs.apply(a -> {
                    Filesystem.createDirectoryAt(desc.apply(a.get(0)), str(a.get(1)));
                    return null;
                }))
                .func("[method]descriptor.remove-directory-at", fs.apply(a -> {
                    Filesystem.removeDirectoryAt(desc.apply(a.get(0)), str(a.get(1)));
                    return null;
                }))
                .func("[method]descriptor.unlink-file-at", fs.apply(a -> {
                    Filesystem.unlinkFileAt(desc.apply(a.get(0)), str(a.get(1)));
                    return null;
                }))
                .func("[method]descriptor.rename-at", fs.apply(a -> {
                    Filesystem.renameAt(desc.apply(a.get(0)), str(a.get(1)), desc.apply(a.get(2)), str(a.get(3)));
                    return null;
                }))
                .func(
                        "[method]descriptor.metadata-hash",
                        fs.apply(a -> hash(desc.apply(a.get(0)).path())))
                .func(
                        "[method]descriptor.metadata-hash-at",
                        fs.apply(a -> hash(Filesystem.resolve(desc.apply(a.get(0)), str(a.get(2))))))
                .func(
                        "[method]descriptor.is-same-object",
                        a -> List.of(Val.bool(desc.apply(a.get(0))
                                .path()
                                .equals(desc.apply(a.get(1)).path()))))
                .func("[method]descriptor.sync", noOp)
                .func("[method]descriptor.sync-data", noOp)
                .func("[method]descriptor.advise", noOp)
                .func("[method]descriptor.set-size", unsupported)
                .func("[method]descriptor.set-times", unsupported)
                .func("[method]descriptor.set-times-at", unsupported)
                .func("[method]descriptor.link-at", links)
                .func("[method]descriptor.symlink-at", links)
                .func("[method]descriptor.readlink-at", links);
    }

    private static String str(Val v) {
        return ((Val.Str) v).value();
    }

    private static Val hash(Path p) throws IOException {
        Filesystem.Hash h = Filesystem.hash(p);
        return new Val.RecordVal(List.of(
                new Val.Field("lower", new Val.U64(h.lower())), new Val.Field("upper", new Val.U64(h.upper()))));
    }
}
