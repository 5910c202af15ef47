package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;

/** One end of a stream or future in an instance's handle table (CanonicalABI.md, {@code CopyEnd}). */
final class CopyEnd extends Waitable {
    enum Kind {
        STREAM_READABLE("readable stream end", STREAM_READ),
        STREAM_WRITABLE("writable stream end", STREAM_WRITE),
        FUTURE_READABLE("readable future end", FUTURE_READ),
        FUTURE_WRITABLE("writable future end", FUTURE_WRITE);

        final String what;
        final int eventCode;

        Kind(String what, int eventCode) {
            this.what = what;
            this.eventCode = eventCode;
        }

        boolean stream() {
            return this == STREAM_READABLE || this == STREAM_WRITABLE;
        }
    }

    enum CopyState {
        IDLE,
        COPYING,
        CANCELLING_COPY,
        DONE
    }

    final Kind kind;
    /** A {@link SharedStream} or a {@link SharedFuture}. */
    final Object shared;

    CopyState state = CopyState.IDLE;

    CopyEnd(Kind kind, Object shared) {
        this.kind = kind;
        this.shared = shared;
    }

    ValueType elementType() {
        return shared instanceof SharedStream s ? s.t : ((SharedFuture) shared).t;
    }

    boolean copying() {
        return state == CopyState.COPYING || state == CopyState.CANCELLING_COPY;
    }

    void cancelShared() {
        if (shared instanceof SharedStream s) {
            s.cancel();
        } else {
            ((SharedFuture) shared).cancel();
        }
    }

    @Override
    void drop() {
        if (kind == Kind.FUTURE_WRITABLE && state != CopyState.DONE) {
            throw new ComponentTrap("cannot drop future write end without first writing a value");
        }
        if (copying()) {
            throw new ComponentTrap("cannot drop busy stream or future");
        }
        if (shared instanceof SharedStream s) {
            s.drop();
        } else {
            ((SharedFuture) shared).drop();
        }
        super.drop();
    }
}
