package dev.wreg.engine.runtime.internal;

import java.nio.charset.Charset;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.MemoryLimits;

/**
 * A linear memory that draws on a {@link LimitBudget} as it grows. The runtime allocates memory
 * page by page and offers no allocation hook, so the budget sits in front of {@code grow}: the
 * pages are reserved first, and a refused reservation throws the budget's {@code memory} limit
 * instead of growing. Everything else goes to the runtime's own page-based memory unchanged.
 */
final class BudgetedMemory implements Memory {
    private final ByteArrayMemory delegate;
    private final LimitBudget.Reservation budget;

    BudgetedMemory(MemoryLimits limits, LimitBudget.Reservation budget) {
        this.budget = budget;
        budget.reserve(Memory.bytes(limits.initialPages()), Memory.bytes(limits.initialPages()));
        this.delegate = new ByteArrayMemory(limits);
    }

    @Override
    public int grow(int pages) {
        int before = delegate.pages();
        if (pages <= 0 || (long) before + pages > delegate.maximumPages()) {
            return delegate.grow(pages); // nothing to reserve: 0, or the runtime refuses it anyway
        }
        long bytes = (long) pages * PAGE_SIZE;
        budget.reserve(bytes, (long) (before + pages) * PAGE_SIZE);
        int result = delegate.grow(pages);
        if (result < 0) {
            budget.release(bytes);
        }
        return result;
    }

    @Override
    public int pages() {
        return delegate.pages();
    }

    @Override
    public int initialPages() {
        return delegate.initialPages();
    }

    @Override
    public int maximumPages() {
        return delegate.maximumPages();
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return delegate.lock(address);
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int count) {
        return delegate.notify(address, count);
    }

    @Override
    public void atomicFence() {
        delegate.atomicFence();
    }

    @Override
    public int atomicWait(int address, int expected, long timeout) {
        return delegate.atomicWait(address, expected, timeout);
    }

    @Override
    public int atomicWait(int address, long expected, long timeout) {
        return delegate.atomicWait(address, expected, timeout);
    }

    @Override
    public int atomicNotify(int address, int count) {
        return delegate.atomicNotify(address, count);
    }

    @Override
    public int atomicReadInt(int address) {
        return delegate.atomicReadInt(address);
    }

    @Override
    public long atomicReadLong(int address) {
        return delegate.atomicReadLong(address);
    }

    @Override
    public short atomicReadShort(int address) {
        return delegate.atomicReadShort(address);
    }

    @Override
    public byte atomicReadByte(int address) {
        return delegate.atomicReadByte(address);
    }

    @Override
    public void atomicWriteInt(int address, int value) {
        delegate.atomicWriteInt(address, value);
    }

    @Override
    public void atomicWriteLong(int address, long value) {
        delegate.atomicWriteLong(address, value);
    }

    @Override
    public void atomicWriteShort(int address, short value) {
        delegate.atomicWriteShort(address, value);
    }

    @Override
    public void atomicWriteByte(int address, byte value) {
        delegate.atomicWriteByte(address, value);
    }

    @Override
    public int atomicAddInt(int address, int value) {
        return delegate.atomicAddInt(address, value);
    }

    @Override
    public int atomicAndInt(int address, int value) {
        return delegate.atomicAndInt(address, value);
    }

    @Override
    public int atomicOrInt(int address, int value) {
        return delegate.atomicOrInt(address, value);
    }

    @Override
    public int atomicXorInt(int address, int value) {
        return delegate.atomicXorInt(address, value);
    }

    @Override
    public int atomicXchgInt(int address, int value) {
        return delegate.atomicXchgInt(address, value);
    }

    @Override
    public int atomicCmpxchgInt(int address, int expected, int replacement) {
        return delegate.atomicCmpxchgInt(address, expected, replacement);
    }

    @Override
    public long atomicAddLong(int address, long value) {
        return delegate.atomicAddLong(address, value);
    }

    @Override
    public long atomicAndLong(int address, long value) {
        return delegate.atomicAndLong(address, value);
    }

    @Override
    public long atomicOrLong(int address, long value) {
        return delegate.atomicOrLong(address, value);
    }

    @Override
    public long atomicXorLong(int address, long value) {
        return delegate.atomicXorLong(address, value);
    }

    @Override
    public long atomicXchgLong(int address, long value) {
        return delegate.atomicXchgLong(address, value);
    }

    @Override
    public long atomicCmpxchgLong(int address, long expected, long replacement) {
        return delegate.atomicCmpxchgLong(address, expected, replacement);
    }

    @Override
    public short atomicAddShort(int address, short value) {
        return delegate.atomicAddShort(address, value);
    }

    @Override
    public short atomicAndShort(int address, short value) {
        return delegate.atomicAndShort(address, value);
    }

    @Override
    public short atomicOrShort(int address, short value) {
        return delegate.atomicOrShort(address, value);
    }

    @Override
    public short atomicXorShort(int address, short value) {
        return delegate.atomicXorShort(address, value);
    }

    @Override
    public short atomicXchgShort(int address, short value) {
        return delegate.atomicXchgShort(address, value);
    }

    @Override
    public short atomicCmpxchgShort(int address, short expected, short replacement) {
        return delegate.atomicCmpxchgShort(address, expected, replacement);
    }

    @Override
    public byte atomicAddByte(int address, byte value) {
        return delegate.atomicAddByte(address, value);
    }

    @Override
    public byte atomicAndByte(int address, byte value) {
        return delegate.atomicAndByte(address, value);
    }

    @Override
    public byte atomicOrByte(int address, byte value) {
        return delegate.atomicOrByte(address, value);
    }

    @Override
    public byte atomicXorByte(int address, byte value) {
        return delegate.atomicXorByte(address, value);
    }

    @Override
    public byte atomicXchgByte(int address, byte value) {
        return delegate.atomicXchgByte(address, value);
    }

    @Override
    public byte atomicCmpxchgByte(int address, byte expected, byte replacement) {
        return delegate.atomicCmpxchgByte(address, expected, replacement);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        delegate.initialize(instance, segments);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        delegate.initialize(instance, segments, memoryIndex);
    }

    @Override
    public void initPassiveSegment(int segment, int destination, int offset, int size) {
        delegate.initPassiveSegment(segment, destination, offset, size);
    }

    @Override
    public void writeString(int address, String value, Charset charset) {
        delegate.writeString(address, value, charset);
    }

    @Override
    public void writeString(int address, String value) {
        delegate.writeString(address, value);
    }

    @Override
    public String readString(int address, int length) {
        return delegate.readString(address, length);
    }

    @Override
    public String readString(int address, int length, Charset charset) {
        return delegate.readString(address, length, charset);
    }

    @Override
    public void writeCString(int address, String value) {
        delegate.writeCString(address, value);
    }

    @Override
    public void writeCString(int address, String value, Charset charset) {
        delegate.writeCString(address, value, charset);
    }

    @Override
    public String readCString(int address, Charset charset) {
        return delegate.readCString(address, charset);
    }

    @Override
    public String readCString(int address) {
        return delegate.readCString(address);
    }

    @Override
    public void write(int address, byte[] data) {
        delegate.write(address, data);
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        delegate.write(address, data, offset, size);
    }

    @Override
    public byte read(int address) {
        return delegate.read(address);
    }

    @Override
    public byte[] readBytes(int address, int length) {
        return delegate.readBytes(address, length);
    }

    @Override
    public void writeI32(int address, int value) {
        delegate.writeI32(address, value);
    }

    @Override
    public int readInt(int address) {
        return delegate.readInt(address);
    }

    @Override
    public long readI32(int address) {
        return delegate.readI32(address);
    }

    @Override
    public long readU32(int address) {
        return delegate.readU32(address);
    }

    @Override
    public void writeLong(int address, long value) {
        delegate.writeLong(address, value);
    }

    @Override
    public long readLong(int address) {
        return delegate.readLong(address);
    }

    @Override
    public long readI64(int address) {
        return delegate.readI64(address);
    }

    @Override
    public void writeShort(int address, short value) {
        delegate.writeShort(address, value);
    }

    @Override
    public short readShort(int address) {
        return delegate.readShort(address);
    }

    @Override
    public long readI16(int address) {
        return delegate.readI16(address);
    }

    @Override
    public long readU16(int address) {
        return delegate.readU16(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        delegate.writeByte(address, value);
    }

    @Override
    public long readU8(int address) {
        return delegate.readU8(address);
    }

    @Override
    public long readI8(int address) {
        return delegate.readI8(address);
    }

    @Override
    public void writeF32(int address, float value) {
        delegate.writeF32(address, value);
    }

    @Override
    public long readF32(int address) {
        return delegate.readF32(address);
    }

    @Override
    public float readFloat(int address) {
        return delegate.readFloat(address);
    }

    @Override
    public void writeF64(int address, double value) {
        delegate.writeF64(address, value);
    }

    @Override
    public double readDouble(int address) {
        return delegate.readDouble(address);
    }

    @Override
    public long readF64(int address) {
        return delegate.readF64(address);
    }

    @Override
    public void zero() {
        delegate.zero();
    }

    @Override
    public void fill(byte value, int from, int to) {
        delegate.fill(value, from, to);
    }

    @Override
    public void copy(int destination, int source, int size) {
        delegate.copy(destination, source, size);
    }

    @Override
    public void drop(int segment) {
        delegate.drop(segment);
    }
}
