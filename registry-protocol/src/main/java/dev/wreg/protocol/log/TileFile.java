package dev.wreg.protocol.log;

/**
 * A tile or entry bundle to store, with its bytes.
 *
 * @param resource which tile or bundle
 * @param data its bytes
 */
public record TileFile(TileResource resource, byte[] data) {
    public TileFile {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The path below the log prefix. */
    public String path() {
        return resource.path();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileFile other
                && resource.equals(other.resource)
                && java.util.Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return resource.hashCode() * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TileFile[" + resource.path() + ", " + data.length + " bytes]";
    }
}
