package dev.wreg.engine.wasi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicLong;

/** The host objects behind {@code wasi:io} resources. */
final class Streams {
    private Streams() {}

    /** Something a guest reads from; {@code read} returns null at end of stream. */
    interface In extends AutoCloseable {
        byte[] read(int max) throws IOException;

        @Override
        default void close() throws IOException {}
    }

    /** Something a guest writes to. */
    interface Out extends AutoCloseable {
        void write(byte[] bytes) throws IOException;

        default void flush() throws IOException {}

        @Override
        default void close() throws IOException {}
    }

    /** An in-memory input: stdin. */
    static final class BytesIn implements In {
        private final byte[] data;
        private int pos;

        BytesIn(byte[] data) {
            this.data = data;
        }

        @Override
        public synchronized byte[] read(int max) {
            if (pos >= data.length) {
                return null;
            }
            int n = Math.min(max, data.length - pos);
            byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return out;
        }
    }

    /** A host stream (stdout, stderr) shared by every handle to it, with a byte budget for the run. */
    static final class SinkOut implements Out {
        private final OutputStream sink;
        private final AtomicLong budget;
        private final long limit;

        SinkOut(OutputStream sink, AtomicLong budget, long limit) {
            this.sink = sink;
            this.budget = budget;
            this.limit = limit;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (budget.addAndGet(bytes.length) > limit) {
                throw new WasiLimitExceeded("output", "the guest wrote more than " + limit + " bytes to stdout/stderr");
            }
            sink.write(bytes);
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }
    }

    /** A file read from an offset; the channel closes when the stream is dropped. */
    static final class FileIn implements In {
        private final FileChannel ch;
        private long pos;

        FileIn(FileChannel ch, long pos) {
            this.ch = ch;
            this.pos = pos;
        }

        @Override
        public synchronized byte[] read(int max) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(Math.min(max, 1 << 20));
            int n = ch.read(b, pos);
            if (n < 0) {
                return null;
            }
            pos += n;
            return java.util.Arrays.copyOf(b.array(), n);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A file written at an offset, or appended when {@code pos} is negative. */
    static final class FileOut implements Out {
        private final FileChannel ch;
        private long pos;
        private final long maxFileSize;

        FileOut(FileChannel ch, long pos, long maxFileSize) {
            this.ch = ch;
            this.pos = pos;
            this.maxFileSize = maxFileSize;
        }

        @Override
        public synchronized void write(byte[] bytes) throws IOException {
            long at = pos < 0 ? ch.size() : pos;
            if (at + bytes.length > maxFileSize) {
                throw new WasiLimitExceeded("file-size", "a file would grow beyond " + maxFileSize + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            if (pos >= 0) {
                pos = at;
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A pollable: ready at {@code deadline} ({@link System#nanoTime}); 0 means always ready. */
    record Pollable(long deadline) {
        boolean ready() {
            return deadline == 0 || System.nanoTime() - deadline >= 0;
        }
    }

    /** A {@code wasi:io/error}. */
    record IoError(String message, String errorCode) {}
}
