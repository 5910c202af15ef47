package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.ValueType.BorrowT;
import dev.wreg.engine.runtime.abi.ValueType.EnumT;
import dev.wreg.engine.runtime.abi.ValueType.FlagsT;
import dev.wreg.engine.runtime.abi.ValueType.Flat;
import dev.wreg.engine.runtime.abi.ValueType.ListT;
import dev.wreg.engine.runtime.abi.ValueType.OptionT;
import dev.wreg.engine.runtime.abi.ValueType.OwnT;
import dev.wreg.engine.runtime.abi.ValueType.Prim;
import dev.wreg.engine.runtime.abi.ValueType.RecordT;
import dev.wreg.engine.runtime.abi.ValueType.ResultT;
import dev.wreg.engine.runtime.abi.ValueType.TupleT;
import dev.wreg.engine.runtime.abi.ValueType.VariantT;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import run.endive.runtime.Memory;
import run.endive.wasm.types.Value;

/**
 * Lifting and lowering between {@link Val}s and a component instance's core values and linear
 * memory (CanonicalABI.md). Every check the spec makes traps with a {@link ComponentTrap}: bounds,
 * alignment, discriminants, char ranges, string encoding, handle rules.
 */
public final class CanonicalAbi {

    public static final int MAX_FLAT_PARAMS = 16;
    public static final int MAX_FLAT_RESULTS = 1;
    private static final int UTF16_TAG = 1 << 31;

    /** One lift or lower: the instance, its options and the borrow scope of the call. */
    public static final class Cx {
        final ComponentState state;
        final CanonOptions opts;
        final HandleTable.BorrowScope borrowScope;
        /** Own handles whose borrows were lent out for the duration of a lowered call. */
        final List<HandleTable.Entry> lenders = new ArrayList<>();

        /** The subtask of an async-lowered call: borrows lent to it count until its resolve is delivered. */
        Waitable.Subtask subtask;

        /**
         * List elements this lift may still make. Nested lists can describe far more elements than
         * memory holds (a list of lists all pointing at the same bytes); like wasmtime's hostcall
         * fuel, a lift that would make more than 2^26 elements (64 MiB of a {@code list<u8>}) traps
         * instead of copying for seconds or filling the heap: copying 2^28 single bytes out of
         * guest memory took 6 s, and 2^26 element values already take gigabytes.
         */
        private long fuel = 1L << 26;

        void charge(long elements) {
            fuel -= elements;
            if (fuel < 0) {
                throw new ComponentTrap("fuel allocated for copying values has been exhausted: the value holds more"
                        + " than 2^26 list elements");
            }
        }

        public Cx(ComponentState state, CanonOptions opts, HandleTable.BorrowScope borrowScope) {
            this.state = state;
            this.opts = opts;
            this.borrowScope = borrowScope;
        }

        Memory memory() {
            if (opts.memory() == null) {
                throw new ComponentTrap("canonical option `memory` is required but missing");
            }
            return opts.memory();
        }

        long memorySize() {
            return (long) memory().pages() * Memory.PAGE_SIZE;
        }

        /** Ends a lowered call: the borrows lent from this instance's table are returned. */
        public void releaseLends() {
            for (HandleTable.Entry e : lenders) {
                e.lendCount--;
            }
            lenders.clear();
        }
    }

    private CanonicalAbi() {}

    /**
     * Opens the scope of one component-to-component call: strings lifted inside it remember the
     * encoding they were lifted from, which decides how the spec transcodes them when they are
     * lowered on the other side. Pass the result to {@link #closeStringScope} in a finally block.
     */
    public static Object openStringScope() {
        return StringStore.openScope();
    }

    @SuppressWarnings("unchecked")
    public static void closeStringScope(Object previous) {
        StringStore.closeScope((java.util.IdentityHashMap<String, StringStore.Origin>) previous);
    }

    // ---------------------------------------------------------------- flat values

    /** A cursor over flat core values, converting joined variant slots back. */
    public static final class FlatReader {
        private final long[] values;
        private final List<Flat> types;
        private int pos;

        public FlatReader(long[] values, List<Flat> types) {
            this.values = values;
            this.types = types;
        }

        long next(Flat want) {
            if (pos >= values.length) {
                throw new ComponentTrap("too few core values");
            }
            Flat have = types.get(pos);
            long v = values[pos++];
            if (have == want) {
                return v;
            }
            // Variant payloads travel in the joined type; convert back (CanonicalABI lift_flat_variant).
            return switch (want) {
                case I32 -> (int) v;
                case I64 -> v;
                case F32 -> have == Flat.I64 ? (int) v : v; // bits of the float in the low 32
                case F64 -> v;
            };
        }

        void skip(int n) {
            pos += n;
        }

        int position() {
            return pos;
        }
    }

    /** Collects flat core values, widening into the joined slot types of variants. */
    public static final class FlatWriter {
        final List<Long> values = new ArrayList<>();

        void add(long v) {
            values.add(v);
        }

        public long[] toArray() {
            long[] out = new long[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }

        int size() {
            return values.size();
        }
    }

    // ---------------------------------------------------------------- lift (core → Val)

    public static Val liftFlat(Cx cx, FlatReader in, ValueType t) {
        return switch (t) {
            case Prim p ->
                switch (p) {
                    case BOOL -> new Val.Bool((int) in.next(Flat.I32) != 0);
                    case S8 -> new Val.S8((byte) in.next(Flat.I32));
                    case U8 -> new Val.U8((byte) in.next(Flat.I32));
                    case S16 -> new Val.S16((short) in.next(Flat.I32));
                    case U16 -> new Val.U16((short) in.next(Flat.I32));
                    case S32 -> new Val.S32((int) in.next(Flat.I32));
                    case U32 -> new Val.U32((int) in.next(Flat.I32));
                    case S64 -> new Val.S64(in.next(Flat.I64));
                    case U64 -> new Val.U64(in.next(Flat.I64));
                    case F32 -> new Val.F32(canonF32(Float.intBitsToFloat((int) in.next(Flat.F32))));
                    case F64 -> new Val.F64(canonF64(Double.longBitsToDouble(in.next(Flat.F64))));
                    case CHAR -> new Val.Char(checkChar((int) in.next(Flat.I32)));
                    case STRING -> {
                        int ptr = (int) in.next(Flat.I32);
                        int len = (int) in.next(Flat.I32);
                        yield new Val.Str(loadStringFrom(cx, ptr, len));
                    }
                };
            case ListT l -> {
                int ptr = (int) in.next(Flat.I32);
                int len = (int) in.next(Flat.I32);
                yield loadListFrom(cx, l.element(), ptr, len);
            }
            case RecordT r -> {
                List<Val.Field> fields = new ArrayList<>();
                for (int i = 0; i < r.types().size(); i++) {
                    fields.add(new Val.Field(
                            r.names().get(i), liftFlat(cx, in, r.types().get(i))));
                }
                yield new Val.RecordVal(fields);
            }
            case TupleT tu -> {
                List<Val> vs = new ArrayList<>();
                for (ValueType x : tu.types()) {
                    vs.add(liftFlat(cx, in, x));
                }
                yield new Val.TupleVal(vs);
            }
            case FlagsT f -> {
                int n = f.names().size();
                Set<String> set = new HashSet<>();
                for (int w = 0; w < (n + 31) / 32; w++) {
                    int bits = (int) in.next(Flat.I32);
                    for (int b = 0; b < 32 && w * 32 + b < n; b++) {
                        if ((bits & (1 << b)) != 0) {
                            set.add(f.names().get(w * 32 + b));
                        }
                    }
                }
                yield new Val.FlagsVal(set);
            }
            case OwnT o -> liftOwn(cx, o.resource(), (int) in.next(Flat.I32));
            case BorrowT b -> liftBorrow(cx, b.resource(), (int) in.next(Flat.I32));
            case ValueType.StreamT st -> liftStream(cx, (int) in.next(Flat.I32), st);
            case ValueType.FutureT ft -> liftFuture(cx, (int) in.next(Flat.I32), ft);
            case ValueType.ErrorContextT e -> liftErrorContext(cx, (int) in.next(Flat.I32));
            default -> {
                List<ValueType> cases = ValueType.casePayloads(t);
                int disc = (int) in.next(Flat.I32);
                if (disc < 0 || disc >= cases.size()) {
                    throw new ComponentTrap("invalid variant discriminant " + Integer.toUnsignedString(disc));
                }
                int payloadSlots = ValueType.flatten(t).size() - 1;
                int start = in.position();
                ValueType ct = cases.get(disc);
                Val payload = ct == null ? null : liftFlat(cx, in, ct);
                in.skip(payloadSlots - (in.position() - start));
                yield makeVariant(t, disc, payload);
            }
        };
    }

    static Val makeVariant(ValueType t, int disc, Val payload) {
        Optional<Val> p = Optional.ofNullable(payload);
        return switch (t) {
            case VariantT v -> new Val.VariantVal(v.names().get(disc), p);
            case EnumT e -> new Val.EnumVal(e.names().get(disc));
            case OptionT o -> new Val.OptionVal(disc == 0 ? Optional.empty() : p);
            case ResultT r -> new Val.ResultVal(disc == 0, p);
            default -> throw new IllegalStateException();
        };
    }

    static float canonF32(float f) {
        return Float.isNaN(f) ? Float.intBitsToFloat(0x7fc00000) : f;
    }

    static double canonF64(double d) {
        return Double.isNaN(d) ? Double.longBitsToDouble(0x7ff8000000000000L) : d;
    }

    static int checkChar(int c) {
        if (c < 0 || c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) {
            throw new ComponentTrap(
                    "invalid char: code point 0x" + Integer.toHexString(c) + " is not a Unicode scalar value");
        }
        return c;
    }

    private static Val liftOwn(Cx cx, ResourceType rt, int index) {
        HandleTable.Entry e = cx.state.handles().remove(index, rt);
        if (!e.own) {
            throw new ComponentTrap("handle index " + index + " is a borrow where an own handle was expected");
        }
        return new Val.Resource(new ResourceHandle(rt, e.rep, true));
    }

    private static Val liftBorrow(Cx cx, ResourceType rt, int index) {
        HandleTable.Entry e = cx.state.handles().get(index, rt);
        if (e.own) {
            if (cx.subtask != null) {
                cx.subtask.addLender(e);
            } else {
                e.lendCount++;
                cx.lenders.add(e);
            }
        }
        return new Val.Resource(new ResourceHandle(rt, e.rep, false));
    }

    private static CopyEnd liftCopyEnd(Cx cx, int index, CopyEnd.Kind kind, ValueType elem) {
        Object o = cx.state.handles().removeAny(index);
        if (!(o instanceof CopyEnd e) || e.kind != kind) {
            throw new ComponentTrap("handle index " + index + " is not a " + kind.what);
        }
        if (!java.util.Objects.equals(e.elementType(), elem)) {
            throw new ComponentTrap("type mismatch: " + kind.what + " of another element type");
        }
        if (e.state != CopyEnd.CopyState.IDLE) {
            if (e.state == CopyEnd.CopyState.DONE) {
                throw new ComponentTrap(
                        kind.stream()
                                ? "cannot lift stream after being notified that the writable end dropped"
                                : "cannot lift future after previous read succeeded");
            }
            throw new ComponentTrap("cannot lift a " + kind.what + " with an operation in progress");
        }
        if (e.inWaitableSet()) {
            throw new ComponentTrap("cannot lift a " + kind.what + " while it is in a waitable set");
        }
        return e;
    }

    private static Val liftStream(Cx cx, int index, ValueType.StreamT t) {
        return new Val.StreamVal(
                (SharedStream) liftCopyEnd(cx, index, CopyEnd.Kind.STREAM_READABLE, t.element()).shared);
    }

    private static Val liftFuture(Cx cx, int index, ValueType.FutureT t) {
        return new Val.FutureVal(
                (SharedFuture) liftCopyEnd(cx, index, CopyEnd.Kind.FUTURE_READABLE, t.element()).shared);
    }

    private static Val liftErrorContext(Cx cx, int index) {
        if (!(cx.state.handles().getAny(index) instanceof ErrorContext e)) {
            throw new ComponentTrap("handle index " + index + " is not an error-context");
        }
        return new Val.ErrorContextVal(e);
    }

    private static int lowerStream(Cx cx, Val v, ValueType.StreamT t) {
        SharedStream s = expect(v, Val.StreamVal.class, t).stream();
        return cx.state.handles().addAny(new CopyEnd(CopyEnd.Kind.STREAM_READABLE, s));
    }

    private static int lowerFuture(Cx cx, Val v, ValueType.FutureT t) {
        SharedFuture f = expect(v, Val.FutureVal.class, t).future();
        return cx.state.handles().addAny(new CopyEnd(CopyEnd.Kind.FUTURE_READABLE, f));
    }

    private static int lowerErrorContext(Cx cx, Val v, ValueType t) {
        return cx.state.handles().addAny(expect(v, Val.ErrorContextVal.class, t).context());
    }

    private static void checkRange(Cx cx, long ptr, long bytes, int align, String what) {
        if (align > 1 && ptr % align != 0) {
            throw new ComponentTrap(what + ": pointer " + ptr + " is not aligned to " + align);
        }
        if (ptr < 0 || ptr + bytes > cx.memorySize()) {
            throw new ComponentTrap(what + ": " + bytes + " bytes at " + ptr + " are out of bounds of memory ("
                    + cx.memorySize() + " bytes)");
        }
    }

    public static Val load(Cx cx, ValueType t, long ptr) {
        checkRange(cx, ptr, ValueType.sizeOf(t), ValueType.alignOf(t), "load");
        Memory m = cx.memory();
        int p = (int) ptr;
        return switch (t) {
            case Prim pr ->
                switch (pr) {
                    case BOOL -> new Val.Bool(m.read(p) != 0);
                    case S8 -> new Val.S8(m.read(p));
                    case U8 -> new Val.U8(m.read(p));
                    case S16 -> new Val.S16(m.readShort(p));
                    case U16 -> new Val.U16(m.readShort(p));
                    case S32 -> new Val.S32(m.readInt(p));
                    case U32 -> new Val.U32(m.readInt(p));
                    case S64 -> new Val.S64(m.readLong(p));
                    case U64 -> new Val.U64(m.readLong(p));
                    case F32 -> new Val.F32(canonF32(Float.intBitsToFloat(m.readInt(p))));
                    case F64 -> new Val.F64(canonF64(Double.longBitsToDouble(m.readLong(p))));
                    case CHAR -> new Val.Char(checkChar(m.readInt(p)));
                    case STRING -> new Val.Str(loadStringFrom(cx, m.readInt(p), m.readInt(p + 4)));
                };
            case ListT l -> loadListFrom(cx, l.element(), m.readInt(p), m.readInt(p + 4));
            case RecordT r -> {
                List<Val.Field> fields = new ArrayList<>();
                long q = ptr;
                for (int i = 0; i < r.types().size(); i++) {
                    ValueType ft = r.types().get(i);
                    q = ValueType.alignTo(q, ValueType.alignOf(ft));
                    fields.add(new Val.Field(r.names().get(i), load(cx, ft, q)));
                    q += ValueType.sizeOf(ft);
                }
                yield new Val.RecordVal(fields);
            }
            case TupleT tu -> {
                List<Val> vs = new ArrayList<>();
                long q = ptr;
                for (ValueType ft : tu.types()) {
                    q = ValueType.alignTo(q, ValueType.alignOf(ft));
                    vs.add(load(cx, ft, q));
                    q += ValueType.sizeOf(ft);
                }
                yield new Val.TupleVal(vs);
            }
            case FlagsT f -> {
                int n = f.names().size();
                Set<String> set = new HashSet<>();
                int size = ValueType.flagsSize(n);
                long bits = 0;
                for (int i = 0; i < n; i++) {
                    if (i % 32 == 0) {
                        bits = switch (size) {
                            case 1 -> m.read(p) & 0xffL;
                            case 2 -> m.readShort(p) & 0xffffL;
                            default -> m.readInt(p + i / 32 * 4) & 0xffffffffL;
                        };
                    }
                    if ((bits & (1L << (i % 32))) != 0) {
                        set.add(f.names().get(i));
                    }
                }
                yield new Val.FlagsVal(set);
            }
            case OwnT o -> liftOwn(cx, o.resource(), m.readInt(p));
            case BorrowT b -> liftBorrow(cx, b.resource(), m.readInt(p));
            case ValueType.StreamT st -> liftStream(cx, m.readInt(p), st);
            case ValueType.FutureT ft -> liftFuture(cx, m.readInt(p), ft);
            case ValueType.ErrorContextT e -> liftErrorContext(cx, m.readInt(p));
            default -> {
                List<ValueType> cases = ValueType.casePayloads(t);
                int ds = ValueType.discriminantSize(cases.size());
                long disc = switch (ds) {
                    case 1 -> m.read(p) & 0xffL;
                    case 2 -> m.readShort(p) & 0xffffL;
                    default -> m.readInt(p) & 0xffffffffL;
                };
                if (disc >= cases.size()) {
                    throw new ComponentTrap("invalid variant discriminant " + disc);
                }
                ValueType ct = cases.get((int) disc);
                Val payload = null;
                if (ct != null) {
                    int maxCaseAlign = 1;
                    for (ValueType c : cases) {
                        if (c != null) {
                            maxCaseAlign = Math.max(maxCaseAlign, ValueType.alignOf(c));
                        }
                    }
                    payload = load(cx, ct, ptr + ValueType.alignTo(ds, maxCaseAlign));
                }
                yield makeVariant(t, (int) disc, payload);
            }
        };
    }

    /** {@code load_list_from_valid_range}: the range was checked when its buffer was made. */
    static List<Val> loadListFromValidRange(Cx cx, long ptr, int n, ValueType elem) {
        return ((Val.ListVal) loadListFrom(cx, elem, (int) ptr, n)).elements();
    }

    /** {@code store_list_into_valid_range}. */
    static void storeListIntoValidRange(Cx cx, List<Val> vs, long ptr, ValueType elem) {
        int size = ValueType.sizeOf(elem);
        if (PackedList.packs(elem)) {
            cx.memory().write((int) ptr, PackedList.lowered((Prim) elem, vs));
            return;
        }
        for (int i = 0; i < vs.size(); i++) {
            store(cx, elem, vs.get(i), ptr + (long) i * size);
        }
    }

    /**
     * {@code lift_flat_values}: up to {@code maxFlat} core values are lifted directly, more are
     * loaded from the tuple the next value points to.
     */
    public static List<Val> liftFlatValues(Cx cx, int maxFlat, FlatReader in, List<ValueType> types) {
        TupleT tuple = new TupleT(types);
        if (ValueType.flatten(tuple).size() > maxFlat) {
            long ptr = Integer.toUnsignedLong((int) in.next(Flat.I32));
            return ((Val.TupleVal) load(cx, tuple, ptr)).elements();
        }
        List<Val> out = new ArrayList<>(types.size());
        for (ValueType t : types) {
            out.add(liftFlat(cx, in, t));
        }
        return out;
    }

    /**
     * {@code lower_flat_values}: up to {@code maxFlat} core values are returned; more are stored
     * in a tuple, allocated with {@code realloc} (returning its pointer) or at the pointer {@code
     * outParam} gives next (returning nothing).
     */
    public static long[] lowerFlatValues(Cx cx, int maxFlat, List<Val> vs, List<ValueType> types, FlatReader outParam) {
        if (vs.size() != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " values, got " + vs.size());
        }
        TupleT tuple = new TupleT(types);
        if (ValueType.flatten(tuple).size() > maxFlat) {
            long ptr;
            long[] flat;
            if (outParam == null) {
                ptr = realloc(cx, 0, 0, ValueType.alignOf(tuple), ValueType.sizeOf(tuple));
                flat = new long[] {(int) ptr};
            } else {
                ptr = Integer.toUnsignedLong((int) outParam.next(Flat.I32));
                flat = new long[0];
            }
            store(cx, tuple, new Val.TupleVal(vs), ptr);
            return flat;
        }
        FlatWriter w = new FlatWriter();
        for (int i = 0; i < types.size(); i++) {
            lowerFlat(cx, w, types.get(i), vs.get(i));
        }
        return w.toArray();
    }

    private static Val loadListFrom(Cx cx, ValueType elem, int ptr, int len) {
        long uptr = Integer.toUnsignedLong(ptr);
        long ulen = Integer.toUnsignedLong(len);
        int size = ValueType.sizeOf(elem);
        // Bounds are checked before anything is allocated, so a huge declared length only traps.
        checkRange(cx, uptr, ulen * size, ValueType.alignOf(elem), "list");
        cx.charge(ulen);
        if (PackedList.packs(elem)) {
            // One copy out of guest memory; element values are made only when asked for.
            byte[] data = cx.memory().readBytes((int) uptr, (int) (ulen * size));
            if (elem == Prim.CHAR) {
                PackedList.checkChars(data);
            }
            return new Val.ListVal(PackedList.adopt((Prim) elem, data));
        }
        List<Val> out = new ArrayList<>((int) Math.min(ulen, 1 << 16));
        for (long i = 0; i < ulen; i++) {
            out.add(load(cx, elem, uptr + i * size));
        }
        return new Val.ListVal(out);
    }

    /** {@code load_string_from_range}. */
    static String loadStringFromRange(Cx cx, int ptr, int taggedCodeUnits) {
        return loadStringFrom(cx, ptr, taggedCodeUnits);
    }

    private static String loadStringFrom(Cx cx, int ptr, int taggedCodeUnits) {
        long uptr = Integer.toUnsignedLong(ptr);
        CanonOptions.Encoding enc = cx.opts.encoding();
        int alignment;
        long byteLength;
        boolean utf16;
        switch (enc) {
            case UTF8 -> {
                alignment = 1;
                byteLength = Integer.toUnsignedLong(taggedCodeUnits);
                utf16 = false;
            }
            case UTF16 -> {
                alignment = 2;
                byteLength = 2 * Integer.toUnsignedLong(taggedCodeUnits);
                utf16 = true;
            }
            default -> {
                alignment = 2;
                if ((taggedCodeUnits & UTF16_TAG) != 0) {
                    byteLength = 2L * (taggedCodeUnits & ~UTF16_TAG);
                    utf16 = true;
                } else {
                    byteLength = taggedCodeUnits;
                    utf16 = false;
                }
            }
        }
        checkRange(cx, uptr, byteLength, alignment, "string");
        byte[] bytes = cx.memory().readBytes((int) uptr, (int) byteLength);
        try {
            String s;
            StringStore.Simple simple;
            if (enc == CanonOptions.Encoding.UTF8) {
                // The JDK's own decoding is the fast path; it replaces bad input with U+FFFD, so a
                // string holding one is decoded again strictly, which traps if the bytes are bad.
                s = new String(bytes, StandardCharsets.UTF_8);
                if (s.indexOf('\uFFFD') >= 0) {
                    s = decode(StandardCharsets.UTF_8.newDecoder(), bytes);
                }
                simple = StringStore.Simple.UTF8;
            } else if (utf16) {
                s = utf16(bytes);
                simple = StringStore.Simple.UTF16;
            } else {
                s = new String(bytes, StandardCharsets.ISO_8859_1);
                simple = StringStore.Simple.LATIN1;
            }
            StringStore.record(s, new StringStore.Origin(enc, simple, utf16 ? byteLength / 2 : byteLength));
            return s;
        } catch (CharacterCodingException e) {
            throw new ComponentTrap(
                    "invalid " + (utf16 ? "UTF-16" : "UTF-8") + " string at " + uptr + " (" + byteLength + " bytes)");
        }
    }

    /**
     * Decodes UTF-16LE with one bulk copy into chars and a check that the surrogates pair up
     * (Python's {@code decode('utf-16-le')}, which the spec uses, rejects a lone one; the JDK's
     * decoder would replace it), instead of the JDK's charset decoder loop.
     */
    static String utf16(byte[] bytes) throws CharacterCodingException {
        char[] chars = new char[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().get(chars);
        if (!surrogatesPaired(chars)) {
            throw new CharacterCodingException();
        }
        return new String(chars);
    }

    /** Whether every surrogate in {@code chars} is half of a high-low pair. */
    static boolean surrogatesPaired(char[] chars) {
        // Most strings hold no surrogate at all: a branch-free pass (a min reduction the JIT can
        // vectorise) says so before the exact walk.
        int min = Integer.MAX_VALUE;
        for (char c : chars) {
            min = Math.min(min, (c & 0xF800) ^ 0xD800);
        }
        if (min != 0) {
            return true;
        }
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static String decode(CharsetDecoder d, byte[] bytes) throws CharacterCodingException {
        return d.onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    // ---------------------------------------------------------------- lower (Val → core)

    private static <T extends Val> T expect(Val v, Class<T> c, ValueType t) {
        if (!c.isInstance(v)) {
            throw new IllegalArgumentException("type mismatch: expected a value of type " + describe(t) + ", got "
                    + (v == null ? "nothing" : v.getClass().getSimpleName()));
        }
        return c.cast(v);
    }

    /** A short name of a type for error messages. */
    public static String describe(ValueType t) {
        return switch (t) {
            case Prim p -> p.name().toLowerCase();
            case ListT l -> "list<" + describe(l.element()) + ">";
            case RecordT r -> "record{" + String.join(", ", r.names()) + "}";
            case TupleT tu ->
                "tuple<"
                        + String.join(
                                ", ",
                                tu.types().stream().map(CanonicalAbi::describe).toList()) + ">";
            case VariantT v -> "variant{" + String.join(", ", v.names()) + "}";
            case EnumT e -> "enum{" + String.join(", ", e.names()) + "}";
            case OptionT o -> "option<" + describe(o.type()) + ">";
            case ResultT r -> "result";
            case FlagsT f -> "flags{" + String.join(", ", f.names()) + "}";
            case OwnT o -> "own<" + o.resource().name() + ">";
            case BorrowT b -> "borrow<" + b.resource().name() + ">";
            case ValueType.StreamT st -> st.element() == null ? "stream" : "stream<" + describe(st.element()) + ">";
            case ValueType.FutureT ft -> ft.element() == null ? "future" : "future<" + describe(ft.element()) + ">";
            case ValueType.ErrorContextT e -> "error-context";
            case ValueType.Unsupported u -> u.what();
        };
    }

    static long intBits(Val v, ValueType t) {
        return switch (v) {
            case Val.Bool b when t == Prim.BOOL -> b.value() ? 1 : 0;
            case Val.S8 x when t == Prim.S8 -> x.value();
            case Val.U8 x when t == Prim.U8 -> x.value() & 0xff;
            case Val.S16 x when t == Prim.S16 -> x.value();
            case Val.U16 x when t == Prim.U16 -> x.value() & 0xffff;
            case Val.S32 x when t == Prim.S32 -> x.value();
            case Val.U32 x when t == Prim.U32 -> x.value();
            case Val.S64 x when t == Prim.S64 -> x.value();
            case Val.U64 x when t == Prim.U64 -> x.value();
            case Val.Char c when t == Prim.CHAR -> checkChar(c.codePoint());
            default ->
                throw new IllegalArgumentException("type mismatch: expected " + describe(t) + ", got "
                        + v.getClass().getSimpleName());
        };
    }

    public static void lowerFlat(Cx cx, FlatWriter out, ValueType t, Val v) {
        switch (t) {
            case Prim p -> {
                switch (p) {
                    case F32 ->
                        out.add(Value.floatToLong(
                                canonF32(expect(v, Val.F32.class, t).value())));
                    case F64 ->
                        out.add(Value.doubleToLong(
                                canonF64(expect(v, Val.F64.class, t).value())));
                    case STRING -> {
                        long[] pl = storeString(cx, expect(v, Val.Str.class, t).value());
                        out.add(pl[0]);
                        out.add(pl[1]);
                    }
                    case S64, U64 -> out.add(intBits(v, t));
                    default -> out.add((int) intBits(v, t));
                }
            }
            case ListT l -> {
                long[] pl = storeList(
                        cx, l.element(), expect(v, Val.ListVal.class, t).elements());
                out.add(pl[0]);
                out.add(pl[1]);
            }
            case RecordT r -> {
                Val.RecordVal rv = expect(v, Val.RecordVal.class, t);
                for (int i = 0; i < r.types().size(); i++) {
                    lowerFlat(cx, out, r.types().get(i), field(rv, r.names().get(i), t));
                }
            }
            case TupleT tu -> {
                Val.TupleVal tv = expect(v, Val.TupleVal.class, t);
                checkArity(tv.elements().size(), tu.types().size(), t);
                for (int i = 0; i < tu.types().size(); i++) {
                    lowerFlat(cx, out, tu.types().get(i), tv.elements().get(i));
                }
            }
            case FlagsT f -> {
                long[] words = flagWords(f, expect(v, Val.FlagsVal.class, t));
                for (long w : words) {
                    out.add((int) w);
                }
            }
            case OwnT o -> out.add(lowerOwn(cx, o.resource(), expect(v, Val.Resource.class, t)));
            case BorrowT b -> out.add(lowerBorrow(cx, b.resource(), expect(v, Val.Resource.class, t)));
            case ValueType.StreamT st -> out.add(lowerStream(cx, v, st));
            case ValueType.FutureT ft -> out.add(lowerFuture(cx, v, ft));
            case ValueType.ErrorContextT e -> out.add(lowerErrorContext(cx, v, t));
            default -> {
                List<ValueType> cases = ValueType.casePayloads(t);
                List<Flat> flat = ValueType.flatten(t);
                int disc = discriminant(t, v);
                out.add(disc);
                Val payload = payload(v);
                ValueType ct = cases.get(disc);
                FlatWriter inner = new FlatWriter();
                if (ct != null) {
                    if (payload == null) {
                        throw new IllegalArgumentException("case needs a payload of type " + describe(ct));
                    }
                    lowerFlat(cx, inner, ct, payload);
                }
                List<Flat> cf = ct == null ? List.of() : ValueType.flatten(ct);
                for (int i = 1; i < flat.size(); i++) {
                    if (i - 1 < inner.size()) {
                        long x = inner.values.get(i - 1);
                        Flat have = cf.get(i - 1);
                        Flat want = flat.get(i);
                        // Widen into the joined slot (CanonicalABI lower_flat_variant).
                        if (want == Flat.I64 && (have == Flat.I32 || have == Flat.F32)) {
                            x = x & 0xffffffffL;
                        }
                        out.add(x);
                    } else {
                        out.add(0);
                    }
                }
            }
        }
    }

    private static void checkArity(int have, int want, ValueType t) {
        if (have != want) {
            throw new IllegalArgumentException("expected " + want + " elements for " + describe(t) + ", got " + have);
        }
    }

    private static Val field(Val.RecordVal rv, String name, ValueType t) {
        Val f = rv.get(name);
        if (f == null) {
            throw new IllegalArgumentException("missing field `" + name + "` for " + describe(t));
        }
        return f;
    }

    private static long[] flagWords(FlagsT f, Val.FlagsVal fv) {
        long[] words = new long[(f.names().size() + 31) / 32];
        for (String name : fv.names()) {
            int i = f.names().indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("unknown flag `" + name + "` for " + describe(f));
            }
            words[i / 32] |= 1L << (i % 32);
        }
        return words;
    }

    static int discriminant(ValueType t, Val v) {
        return switch (t) {
            case VariantT vt -> {
                Val.VariantVal vv = expect(v, Val.VariantVal.class, t);
                int i = vt.names().indexOf(vv.caseName());
                if (i < 0) {
                    throw new IllegalArgumentException("unknown case `" + vv.caseName() + "` for " + describe(t));
                }
                yield i;
            }
            case EnumT et -> {
                String name = v instanceof Val.VariantVal vv && vv.payload().isEmpty()
                        ? vv.caseName()
                        : expect(v, Val.EnumVal.class, t).caseName();
                int i = et.names().indexOf(name);
                if (i < 0) {
                    throw new IllegalArgumentException("unknown case `" + name + "` for " + describe(t));
                }
                yield i;
            }
            case OptionT o -> expect(v, Val.OptionVal.class, t).value().isPresent() ? 1 : 0;
            case ResultT r -> expect(v, Val.ResultVal.class, t).isOk() ? 0 : 1;
            default -> throw new IllegalStateException();
        };
    }

    static Val payload(Val v) {
        return switch (v) {
            case Val.VariantVal vv -> vv.payload().orElse(null);
            case Val.OptionVal o -> o.value().orElse(null);
            case Val.ResultVal r -> r.payload().orElse(null);
            default -> null;
        };
    }

    private static int lowerOwn(Cx cx, ResourceType rt, Val.Resource r) {
        ResourceHandle h = r.handle();
        if (h.type() != rt) {
            throw new ComponentTrap("handle of " + h.type().name() + " passed where " + rt.name() + " was expected");
        }
        if (!h.own()) {
            throw new ComponentTrap("a borrowed handle cannot be passed as own<" + rt.name() + ">");
        }
        h.consume();
        return cx.state.handles().addOwn(rt, h.rep());
    }

    private static int lowerBorrow(Cx cx, ResourceType rt, Val.Resource r) {
        ResourceHandle h = r.handle();
        if (h.type() != rt) {
            throw new ComponentTrap("handle of " + h.type().name() + " passed where " + rt.name() + " was expected");
        }
        if (h.own() && h.consumed()) {
            throw new ComponentTrap("own handle of " + rt.name() + " used after it was transferred");
        }
        if (rt.owner() == cx.state) {
            // Borrowing into the resource's own instance passes the representation directly.
            return h.rep();
        }
        return cx.state.handles().addBorrow(rt, h.rep(), cx.borrowScope);
    }

    /** Calls realloc with may-leave cleared and checks the returned pointer. */
    static long realloc(Cx cx, long oldPtr, long oldSize, int align, long newSize) {
        if (cx.opts.realloc() == null) {
            throw new ComponentTrap("canonical option `realloc` is required but missing");
        }
        boolean saved = cx.state.mayLeave;
        cx.state.mayLeave = false;
        // realloc gets context slots of its own, zero when it starts: what it sets reaches neither
        // the task whose values are copied nor the one receiving them (wasmtime's behaviour,
        // which the corpus's context-in-compositions.wast and task-builtins.wast check).
        GuestThread thread = GuestThread.current();
        long[] context = thread == null ? null : thread.storage.clone();
        if (thread != null) {
            java.util.Arrays.fill(thread.storage, 0);
        }
        long ptr;
        try {
            ptr = Integer.toUnsignedLong((int) cx.opts.realloc().call(oldPtr, oldSize, align, newSize)[0]);
        } finally {
            cx.state.mayLeave = saved;
            if (thread != null) {
                System.arraycopy(context, 0, thread.storage, 0, context.length);
            }
        }
        if (ptr % align != 0) {
            throw new ComponentTrap("realloc return: result not aligned");
        }
        if (ptr + newSize > cx.memorySize()) {
            throw new ComponentTrap("realloc return: beyond end of memory");
        }
        return ptr;
    }

    static long[] storeString(Cx cx, String s) {
        return StringStore.store(cx, s);
    }

    static long[] storeList(Cx cx, ValueType elem, List<Val> elems) {
        int size = ValueType.sizeOf(elem);
        long bytes = (long) size * elems.size();
        if (bytes > Integer.MAX_VALUE) {
            throw new ComponentTrap("list too long: " + bytes + " bytes");
        }
        if (PackedList.packs(elem)) {
            // Encoded (or taken as is from a packed list) first, then written in one copy.
            byte[] data = PackedList.lowered((Prim) elem, elems);
            long ptr = realloc(cx, 0, 0, ValueType.alignOf(elem), bytes);
            cx.memory().write((int) ptr, data);
            return new long[] {(int) ptr, elems.size()};
        }
        long ptr = realloc(cx, 0, 0, ValueType.alignOf(elem), bytes);
        for (int i = 0; i < elems.size(); i++) {
            store(cx, elem, elems.get(i), ptr + (long) i * size);
        }
        return new long[] {(int) ptr, elems.size()};
    }

    public static void store(Cx cx, ValueType t, Val v, long ptr) {
        checkRange(cx, ptr, ValueType.sizeOf(t), ValueType.alignOf(t), "store");
        Memory m = cx.memory();
        int p = (int) ptr;
        switch (t) {
            case Prim pr -> {
                switch (pr) {
                    case BOOL, S8, U8 -> m.writeByte(p, (byte) intBits(v, t));
                    case S16, U16 -> m.writeShort(p, (short) intBits(v, t));
                    case S32, U32, CHAR -> m.writeI32(p, (int) intBits(v, t));
                    case S64, U64 -> m.writeLong(p, intBits(v, t));
                    case F32 ->
                        m.writeI32(
                                p,
                                Float.floatToRawIntBits(
                                        canonF32(expect(v, Val.F32.class, t).value())));
                    case F64 ->
                        m.writeLong(
                                p,
                                Double.doubleToRawLongBits(
                                        canonF64(expect(v, Val.F64.class, t).value())));
                    case STRING -> {
                        long[] pl = storeString(cx, expect(v, Val.Str.class, t).value());
                        m.writeI32(p, (int) pl[0]);
                        m.writeI32(p + 4, (int) pl[1]);
                    }
                }
            }
            case ListT l -> {
                long[] pl = storeList(
                        cx, l.element(), expect(v, Val.ListVal.class, t).elements());
                m.writeI32(p, (int) pl[0]);
                m.writeI32(p + 4, (int) pl[1]);
            }
            case RecordT r -> {
                Val.RecordVal rv = expect(v, Val.RecordVal.class, t);
                long q = ptr;
                for (int i = 0; i < r.types().size(); i++) {
                    ValueType ft = r.types().get(i);
                    q = ValueType.alignTo(q, ValueType.alignOf(ft));
                    store(cx, ft, field(rv, r.names().get(i), t), q);
                    q += ValueType.sizeOf(ft);
                }
            }
            case TupleT tu -> {
                Val.TupleVal tv = expect(v, Val.TupleVal.class, t);
                checkArity(tv.elements().size(), tu.types().size(), t);
                long q = ptr;
                for (int i = 0; i < tu.types().size(); i++) {
                    ValueType ft = tu.types().get(i);
                    q = ValueType.alignTo(q, ValueType.alignOf(ft));
                    store(cx, ft, tv.elements().get(i), q);
                    q += ValueType.sizeOf(ft);
                }
            }
            case FlagsT f -> {
                long[] words = flagWords(f, expect(v, Val.FlagsVal.class, t));
                int size = ValueType.flagsSize(f.names().size());
                switch (size) {
                    case 0 -> {}
                    case 1 -> m.writeByte(p, (byte) words[0]);
                    case 2 -> m.writeShort(p, (short) words[0]);
                    default -> {
                        for (int i = 0; i < words.length; i++) {
                            m.writeI32(p + 4 * i, (int) words[i]);
                        }
                    }
                }
            }
            case OwnT o -> m.writeI32(p, lowerOwn(cx, o.resource(), expect(v, Val.Resource.class, t)));
            case BorrowT b -> m.writeI32(p, lowerBorrow(cx, b.resource(), expect(v, Val.Resource.class, t)));
            case ValueType.StreamT st -> m.writeI32(p, lowerStream(cx, v, st));
            case ValueType.FutureT ft -> m.writeI32(p, lowerFuture(cx, v, ft));
            case ValueType.ErrorContextT e -> m.writeI32(p, lowerErrorContext(cx, v, t));
            default -> {
                List<ValueType> cases = ValueType.casePayloads(t);
                int disc = discriminant(t, v);
                int ds = ValueType.discriminantSize(cases.size());
                switch (ds) {
                    case 1 -> m.writeByte(p, (byte) disc);
                    case 2 -> m.writeShort(p, (short) disc);
                    default -> m.writeI32(p, disc);
                }
                ValueType ct = cases.get(disc);
                if (ct != null) {
                    Val payload = payload(v);
                    if (payload == null) {
                        throw new IllegalArgumentException("case needs a payload of type " + describe(ct));
                    }
                    int maxCaseAlign = 1;
                    for (ValueType c : cases) {
                        if (c != null) {
                            maxCaseAlign = Math.max(maxCaseAlign, ValueType.alignOf(c));
                        }
                    }
                    store(cx, ct, payload, ptr + ValueType.alignTo(ds, maxCaseAlign));
                }
            }
        }
    }

    // ---------------------------------------------------------------- whole calls

    /** Lowers arguments for a call into core code ({@code canon lift}'s entry). */
    public static long[] lowerArgs(Cx cx, List<ValueType> types, List<Val> args) {
        if (args.size() != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " arguments, got " + args.size());
        }
        TupleT tuple = new TupleT(types);
        if (ValueType.flatten(tuple).size() > MAX_FLAT_PARAMS) {
            long ptr = realloc(cx, 0, 0, ValueType.alignOf(tuple), ValueType.sizeOf(tuple));
            store(cx, tuple, new Val.TupleVal(args), ptr);
            return new long[] {(int) ptr};
        }
        FlatWriter w = new FlatWriter();
        for (int i = 0; i < types.size(); i++) {
            lowerFlat(cx, w, types.get(i), args.get(i));
        }
        return w.toArray();
    }

    /** Lifts the results of a call into core code ({@code canon lift}'s exit). */
    public static List<Val> liftResults(Cx cx, List<ValueType> types, long[] flat) {
        TupleT tuple = new TupleT(types);
        List<Flat> ft = ValueType.flatten(tuple);
        if (ft.size() > MAX_FLAT_RESULTS) {
            long ptr = Integer.toUnsignedLong((int) flat[0]);
            return ((Val.TupleVal) load(cx, tuple, ptr)).elements();
        }
        FlatReader r = new FlatReader(flat, ft);
        List<Val> out = new ArrayList<>();
        for (ValueType t : types) {
            out.add(liftFlat(cx, r, t));
        }
        return out;
    }

    /** Lifts the arguments a core caller passes to a lowered import; returns them and the rest position. */
    public static List<Val> liftArgs(Cx cx, List<ValueType> types, long[] flat, List<Flat> coreParams) {
        TupleT tuple = new TupleT(types);
        List<Flat> ft = ValueType.flatten(tuple);
        if (ft.size() > MAX_FLAT_PARAMS) {
            return ((Val.TupleVal) load(cx, tuple, Integer.toUnsignedLong((int) flat[0]))).elements();
        }
        FlatReader r = new FlatReader(flat, ft);
        List<Val> out = new ArrayList<>();
        for (ValueType t : types) {
            out.add(liftFlat(cx, r, t));
        }
        return out;
    }

    /**
     * Lifts arguments passed flat up to {@code maxFlat} core values, through a pointer beyond (an
     * async-lowered call passes at most 4; {@code task.return} up to 16).
     */
    public static List<Val> liftArgs(Cx cx, List<ValueType> types, long[] flat, int maxFlat) {
        TupleT tuple = new TupleT(types);
        List<Flat> ft = ValueType.flatten(tuple);
        if (ft.size() > maxFlat) {
            return ((Val.TupleVal) load(cx, tuple, Integer.toUnsignedLong((int) flat[0]))).elements();
        }
        FlatReader r = new FlatReader(flat, ft);
        List<Val> out = new ArrayList<>();
        for (ValueType t : types) {
            out.add(liftFlat(cx, r, t));
        }
        return out;
    }

    /** Stores results in memory at {@code ptr} (an async-lowered call's result pointer). */
    public static void storeResults(Cx cx, List<ValueType> types, List<Val> results, long ptr) {
        if (results.size() != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " results, got " + results.size());
        }
        TupleT tuple = new TupleT(types);
        store(cx, tuple, new Val.TupleVal(results), Integer.toUnsignedLong((int) ptr));
    }

    /** Lowers an import's results back to its core caller; {@code outPtr} is used when they spill. */
    public static long[] lowerResults(Cx cx, List<ValueType> types, List<Val> results, long[] flatArgs) {
        if (results.size() != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " results, got " + results.size());
        }
        TupleT tuple = new TupleT(types);
        if (ValueType.flatten(tuple).size() > MAX_FLAT_RESULTS) {
            long outPtr = Integer.toUnsignedLong((int) flatArgs[flatArgs.length - 1]);
            store(cx, tuple, new Val.TupleVal(results), outPtr);
            return new long[0];
        }
        FlatWriter w = new FlatWriter();
        for (int i = 0; i < types.size(); i++) {
            lowerFlat(cx, w, types.get(i), results.get(i));
        }
        return w.toArray();
    }

    /** The core signature of a lifted or lowered function. */
    public static List<List<Flat>> coreSignature(FuncType f, boolean lower) {
        List<Flat> params = ValueType.flatten(new TupleT(f.params()));
        List<Flat> results = ValueType.flatten(new TupleT(f.results()));
        if (params.size() > MAX_FLAT_PARAMS) {
            params = List.of(Flat.I32);
        }
        if (results.size() > MAX_FLAT_RESULTS) {
            if (lower) {
                params = new ArrayList<>(params);
                params.add(Flat.I32);
                results = List.of();
            } else {
                results = List.of(Flat.I32);
            }
        }
        return List.of(params, results);
    }

    static CharBuffer unused() {
        return null;
    }
}
