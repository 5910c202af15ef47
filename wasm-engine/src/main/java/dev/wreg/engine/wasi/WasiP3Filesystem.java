package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.HostStreams;
import dev.wreg.engine.runtime.abi.PackedList;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.engine.runtime.abi.ResourceType;
import dev.wreg.engine.runtime.abi.SharedFuture;
import dev.wreg.engine.runtime.abi.SharedStream;
import dev.wreg.engine.runtime.abi.Store;
import dev.wreg.engine.runtime.abi.ValueType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:filesystem@0.3.0} ({@code types} and {@code preopens}) of {@link WasiHost}: the same
 * grants and the same refusals as the 0.2 host, because every decision is {@link Filesystem}'s;
 * this class only speaks 0.3's values. Files are read and written through {@code stream<u8>}s
 * (at most {@value #CHUNK} bytes a step, so a large file never sits in memory whole), and a
 * stream's future reports how the copy ended. The functions WIT marks {@code async} finish at
 * once here (local file operations), so the guest's subtask returns without blocking.
 */
final class WasiP3Filesystem {
    static final String VERSION = WasiP3.VERSION;

    /**
     * The cases of {@code wasi:filesystem/types#error-code}, in WIT order; the last is {@code
     * other(option<string>)}. The tests' guests declare the type from this same list.
     */
    static final List<String> ERROR_CODES = List.of(
            "access",
            "already",
            "bad-descriptor",
            "busy",
            "deadlock",
            "quota",
            "exist",
            "file-too-large",
            "illegal-byte-sequence",
            "in-progress",
            "interrupted",
            "invalid",
            "io",
            "is-directory",
            "loop",
            "too-many-links",
            "message-size",
            "name-too-long",
            "no-device",
            "no-entry",
            "no-lock",
            "insufficient-memory",
            "insufficient-space",
            "not-directory",
            "not-empty",
            "not-recoverable",
            "unsupported",
            "no-tty",
            "no-such-device",
            "overflow",
            "not-permitted",
            "pipe",
            "read-only",
            "invalid-seek",
            "text-file-busy",
            "cross-device",
            "other");

    /** The index of an error-code case, for guests that report it as a number. */
    static int errorCodeIndex(String code) {
        int i = ERROR_CODES.indexOf(code);
        if (i < 0) {
            throw new IllegalArgumentException("no error-code " + code);
        }
        return i;
    }

    static final ValueType ERROR_CODE = variant(ERROR_CODES);

    /** {@code result<_, error-code>}: the payload of the futures that end stream copies. */
    static final ValueType RESULT = new ValueType.ResultT(null, ERROR_CODE);

    private static final List<String> DESCRIPTOR_TYPES = List.of(
            "block-device",
            "character-device",
            "directory",
            "fifo",
            "symbolic-link",
            "regular-file",
            "socket",
            "other");

    static final ValueType DIRECTORY_ENTRY =
            new ValueType.RecordT(List.of("type", "name"), List.of(variant(DESCRIPTOR_TYPES), ValueType.Prim.STRING));

    /** A variant whose last case is {@code other(option<string>)} and the rest carry nothing. */
    private static ValueType variant(List<String> cases) {
        List<ValueType> payloads = new ArrayList<>(Collections.nCopies(cases.size(), (ValueType) null));
        payloads.set(cases.size() - 1, new ValueType.OptionT(ValueType.Prim.STRING));
        return new ValueType.VariantT(cases, payloads);
    }

    private static final int CHUNK = 64 * 1024;

    private final List<WasiHost.Preopen> preopens;
    private final ResourceTable table;
    private final long maxFileSize;
    private ResourceType descT;

    WasiP3Filesystem(List<WasiHost.Preopen> preopens, ResourceTable table, long maxFileSize) {
        this.preopens = preopens;
        this.table = table;
        this.maxFileSize = maxFileSize;
    }

    /** Wraps an operation returning {@code result<T, error-code>}. */
    private static HostFunction fs(DescriptorMethods.Op op) {
        return a -> {
            try {
                return List.of(ok(op.run(a)));
            } catch (Filesystem.FsError e) {
                return List.of(err(e.code));
            } catch (IOException e) {
                return List.of(err(Filesystem.map(e).code));
            }
        };
    }

    private static Val ok(Val v) {
        return new Val.ResultVal(true, Optional.ofNullable(v));
    }

    private static Val err(String code) {
        return new Val.ResultVal(false, Optional.of(new Val.VariantVal(code, Optional.empty())));
    }

    private static Val descriptorType(String type) {
        return DESCRIPTOR_TYPES.contains(type)
                ? new Val.VariantVal(type, Optional.empty())
                : new Val.VariantVal("other", Optional.of(new Val.OptionVal(Optional.empty())));
    }

    private static Val u64(long v) {
        return new Val.U64(v);
    }

    private static String str(Val v) {
        return ((Val.Str) v).value();
    }

    private static long longOf(Val v) {
        return switch (v) {
            case Val.U64 x -> x.value();
            case Val.S64 x -> x.value();
            default -> throw new ComponentTrap("expected a 64-bit integer, got " + v);
        };
    }

    private Filesystem.Descriptor desc(Val v) {
        return table.get(((Val.Resource) v).handle().rep(), Filesystem.Descriptor.class);
    }

    private Val own(Filesystem.Descriptor d) {
        return new Val.Resource(new ResourceHandle(descT, table.add(d), true));
    }

    private static Store store() {
        Store s = Store.current();
        if (s == null) {
            throw new ComponentTrap("a WASI 0.3 stream function was called outside a component call");
        }
        return s;
    }

    void addTo(Linker linker) {
        descT = linker.instance("wasi:filesystem/types@" + VERSION).resource("descriptor");
        descT.bindDestructor(table::remove);
        linker.instance("wasi:filesystem/preopens@" + VERSION).func("get-directories", a -> {
            List<Val> out = new ArrayList<>();
            for (WasiHost.Preopen p : preopens) {
                out.add(new Val.TupleVal(List.of(own(Filesystem.preopen(p)), Val.string(p.guestPath()))));
            }
            return List.of(new Val.ListVal(out));
        });
        linker.instance("wasi:filesystem/types@" + VERSION)
                .func("[method]descriptor.read-via-stream", a -> List.of(readVia(a.get(0), longOf(a.get(1)))))
                .func(
                        "[method]descriptor.write-via-stream",
                        a -> List.of(writeVia(a.get(0), (Val.StreamVal) a.get(1), longOf(a.get(2)))))
                .func(
                        "[method]descriptor.append-via-stream",
                        a -> List.of(writeVia(a.get(0), (Val.StreamVal) a.get(1), -1)))
                .func("[method]descriptor.read-directory", a -> List.of(readDirectory(a.get(0))))
                .func("[method]descriptor.get-type", fs(a -> descriptorType(Filesystem.type(desc(a.get(0))))))
                .func("[method]descriptor.get-flags", fs(a -> new Val.FlagsVal(Filesystem.flags(desc(a.get(0))))))
                .func("[method]descriptor.stat", fs(a -> stat(desc(a.get(0)).path())))
                .func("[method]descriptor.stat-at", fs(a -> stat(Filesystem.resolve(desc(a.get(0)), str(a.get(2))))))
                .func(
                        "[method]descriptor.open-at",
                        fs(a -> own(Filesystem.openAt(
                                desc(a.get(0)),
                                str(a.get(2)),
                                ((Val.FlagsVal) a.get(3)).names(),
                                ((Val.FlagsVal) a.get(4)).names()))));
        DescriptorMethods.addTo(linker.instance("wasi:filesystem/types@" + VERSION), this::desc, WasiP3Filesystem::fs);
    }

    /**
     * {@code read-via-stream}: the file from {@code offset}, one chunk at a time, each read only
     * once the guest took the one before; the future says {@code ok} at the end of the file or the
     * error that stopped the read (a directory, a descriptor it cannot read).
     */
    private Val readVia(Val self, long offset) {
        Store store = store();
        SharedStream data = new SharedStream(ValueType.Prim.U8);
        SharedFuture done = new SharedFuture(RESULT);
        try {
            Streams.FileIn in = new Streams.FileIn(Filesystem.openRead(desc(self)), offset);
            pumpFile(store, in, data, done);
        } catch (Filesystem.FsError e) {
            finish(store, data, done, err(e.code));
        } catch (IOException e) {
            finish(store, data, done, err(Filesystem.map(e).code));
        }
        return new Val.TupleVal(List.of(new Val.StreamVal(data), new Val.FutureVal(done)));
    }

    private static void pumpFile(Store store, Streams.FileIn in, SharedStream data, SharedFuture done) {
        byte[] chunk;
        try {
            chunk = in.read(CHUNK);
        } catch (IOException e) {
            closeQuietly(in);
            finish(store, data, done, err(Filesystem.map(e).code));
            return;
        }
        if (chunk == null) {
            closeQuietly(in);
            finish(store, data, done, ok(null));
            return;
        }
        HostStreams.produce(store, data, PackedList.ofBytes(chunk), dropped -> {
            if (dropped) {
                // The guest stopped reading: nothing more to send, and nothing went wrong.
                closeQuietly(in);
                finish(store, data, done, ok(null));
            } else {
                pumpFile(store, in, data, done);
            }
        });
    }

    /** Ends the host's end of {@code data} and resolves {@code done} with {@code result}. */
    private static void finish(Store store, SharedStream data, SharedFuture done, Val result) {
        HostStreams.close(store, data);
        HostStreams.resolve(store, done, result, () -> {});
    }

    /**
     * {@code write-via-stream} / {@code append-via-stream} ({@code offset} -1): copies the guest's
     * stream into the file until the guest drops its end; the file-size limit applies as in 0.2.
     */
    private Val writeVia(Val self, Val.StreamVal arg, long offset) {
        Store store = store();
        SharedStream data = arg.stream();
        SharedFuture done = new SharedFuture(RESULT);
        Streams.FileOut out;
        try {
            FileChannel ch = Filesystem.openWrite(desc(self));
            out = new Streams.FileOut(ch, offset, maxFileSize);
        } catch (Filesystem.FsError e) {
            refuse(store, data, done, e.code);
            return new Val.FutureVal(done);
        } catch (IOException e) {
            refuse(store, data, done, Filesystem.map(e).code);
            return new Val.FutureVal(done);
        }
        String[] failed = {null};
        HostStreams.consume(
                store,
                data,
                CHUNK,
                chunk -> {
                    if (failed[0] != null) {
                        return;
                    }
                    try {
                        out.write(chunk instanceof PackedList p ? p.toByteArray() : bytesOf(chunk));
                    } catch (IOException e) {
                        failed[0] = Filesystem.map(e).code;
                    }
                },
                () -> {
                    closeQuietly(out);
                    HostStreams.resolve(store, done, failed[0] == null ? ok(null) : err(failed[0]), () -> {});
                });
        return new Val.FutureVal(done);
    }

    /** Nothing will be written: the guest's writes see the end dropped, the future the reason. */
    private static void refuse(Store store, SharedStream data, SharedFuture done, String code) {
        store.post(data::drop);
        HostStreams.resolve(store, done, err(code), () -> {});
    }

    /** {@code read-directory}: the entries, sorted by name, as a {@code stream<directory-entry>}. */
    private Val readDirectory(Val self) {
        Store store = store();
        SharedStream data = new SharedStream(DIRECTORY_ENTRY);
        SharedFuture done = new SharedFuture(RESULT);
        try {
            List<Val> entries = new ArrayList<>();
            for (Filesystem.Entry e : Filesystem.list(desc(self))) {
                entries.add(new Val.RecordVal(List.of(
                        new Val.Field("type", descriptorType(e.type())), new Val.Field("name", Val.string(e.name())))));
            }
            HostStreams.produce(store, data, entries, dropped -> finish(store, data, done, ok(null)));
        } catch (Filesystem.FsError e) {
            finish(store, data, done, err(e.code));
        } catch (IOException e) {
            finish(store, data, done, err(Filesystem.map(e).code));
        }
        return new Val.TupleVal(List.of(new Val.StreamVal(data), new Val.FutureVal(done)));
    }

    private static byte[] bytesOf(List<Val> vs) {
        byte[] b = new byte[vs.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = ((Val.U8) vs.get(i)).value();
        }
        return b;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // The copy is over either way; a failing close loses nothing the guest could see.
        }
    }

    private static Val stat(Path p) throws IOException {
        Filesystem.Stat st = Filesystem.stat(p);
        return new Val.RecordVal(List.of(
                new Val.Field("type", descriptorType(st.type())),
                new Val.Field("link-count", u64(1)),
                new Val.Field("size", u64(st.size())),
                new Val.Field("data-access-timestamp", instant(st.accessNanos())),
                new Val.Field("data-modification-timestamp", instant(st.modifyNanos())),
                new Val.Field("status-change-timestamp", instant(st.modifyNanos()))));
    }

    /** An {@code option<wasi:clocks/system-clock.instant>} (seconds are signed in 0.3). */
    private static Val instant(Long nanos) {
        if (nanos == null) {
            return new Val.OptionVal(Optional.empty());
        }
        return new Val.OptionVal(Optional.of(new Val.RecordVal(List.of(
                new Val.Field("seconds", new Val.S64(Math.floorDiv(nanos, 1_000_000_000L))),
                new Val.Field("nanoseconds", new Val.U32((int) Math.floorMod(nanos, 1_000_000_000L)))))));
    }
}
