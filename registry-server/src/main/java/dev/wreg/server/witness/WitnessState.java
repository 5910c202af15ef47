package dev.wreg.server.witness;

import java.util.Arrays;

/**
 * The latest checkpoint a witness cosigned for one log.
 *
 * @param size its tree size
 * @param rootHash its root hash
 */
public record WitnessState(long size, byte[] rootHash) {
    public WitnessState {
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WitnessState other && size == other.size && Arrays.equals(rootHash, other.rootHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "WitnessState[" + size + "]";
    }
}
