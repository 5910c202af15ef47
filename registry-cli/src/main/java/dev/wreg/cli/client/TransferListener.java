package dev.wreg.cli.client;

/** Told how many bytes of a transfer have moved so far. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = (done, total) -> {};

    void progress(long bytesDone, long bytesTotal);

    default void finished() {}
}
