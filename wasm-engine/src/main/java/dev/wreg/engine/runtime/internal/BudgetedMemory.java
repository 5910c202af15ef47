package dev.wreg.engine.runtime.internal;

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
 *
 * <p>Only what {@link Memory} leaves abstract, plus the two bulk operations the runtime's memory
 * does faster ({@code copy}, segment {@code initialize}), is forwarded. The string helpers, the
 * widening reads and the atomic operations keep {@link Memory}'s defaults, which are written in
 * terms of the forwarded reads, writes and {@code lock}: an instance runs on one thread at a time,
 * so an atomic operation gives the same result either way, and a memory that is only wrapped
 * need not repeat every entry point of the interface.
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
    public void writeLong(int address, long value) {
        delegate.writeLong(address, value);
    }

    @Override
    public long readLong(int address) {
        return delegate.readLong(address);
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
    public long readU16(int address) {
        return delegate.readU16(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        delegate.writeByte(address, value);
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
