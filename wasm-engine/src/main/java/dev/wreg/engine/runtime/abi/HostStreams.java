package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.Val;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The host's ends of streams and futures. Every method must run on the thread driving {@code
 * store} (inside a host function, or in work {@linkplain Store#post posted} to it); the callbacks
 * run there too. For Java code elsewhere, {@link #publisher} and {@link #subscriber} adapt a
 * stream to {@link Flow}: they post to the store themselves.
 */
public final class HostStreams {
    private HostStreams() {}

    /**
     * Reads {@code stream} (a guest writes it) chunk by chunk, at most {@code chunk} elements each,
     * until the writer drops its end: then {@code onEnd} runs.
     */
    public static void consume(
            Store store, SharedStream stream, int chunk, Consumer<List<Val>> onData, Runnable onEnd) {
        StreamBuffer.HostWritable buf = new StreamBuffer.HostWritable(stream.t, chunk);
        AtomicBoolean delivered = new AtomicBoolean();
        Runnable deliver = () -> {
            if (buf.progress() > 0 && delivered.compareAndSet(false, true)) {
                List<Val> got = buf.received();
                store.post(() -> {
                    onData.accept(got);
                    consume(store, stream, chunk, onData, onEnd);
                });
            }
        };
        stream.read(
                null,
                buf,
                reclaim -> {
                    reclaim.run();
                    deliver.run();
                },
                result -> {
                    if (buf.progress() > 0) {
                        deliver.run();
                    } else if (result == SharedStream.DROPPED) {
                        store.post(onEnd);
                    } else if (result == SharedStream.COMPLETED) {
                        store.post(() -> consume(store, stream, chunk, onData, onEnd));
                    } else {
                        store.post(onEnd);
                    }
                });
    }

    /**
     * Offers {@code values} to the reader of {@code stream}; {@code onDone} runs once all were
     * read, or once the reader dropped its end ({@code dropped} true).
     */
    public static void produce(Store store, SharedStream stream, List<Val> values, Consumer<Boolean> onDone) {
        if (values.isEmpty()) {
            store.post(() -> onDone.accept(false));
            return;
        }
        StreamBuffer.HostReadable buf = new StreamBuffer.HostReadable(stream.t, values);
        stream.write(
                null,
                buf,
                reclaim -> {
                    // Kept pending while values remain, so the reader's next read takes the rest.
                    if (buf.remain() == 0) {
                        reclaim.run();
                        store.post(() -> onDone.accept(false));
                    }
                },
                result -> {
                    if (result == SharedStream.DROPPED) {
                        store.post(() -> onDone.accept(true));
                    } else if (buf.remain() == 0) {
                        store.post(() -> onDone.accept(false));
                    } else {
                        List<Val> rest = values.subList(buf.progress(), values.size());
                        store.post(() -> produce(store, stream, List.copyOf(rest), onDone));
                    }
                });
    }

    /** Ends the host's writable end of {@code stream}: the reader sees it dropped. */
    public static void close(Store store, SharedStream stream) {
        // Posted, so that a read completing right now settles before the drop notifies.
        store.post(stream::drop);
    }

    /** Writes the one value of {@code future} (a guest reads it); {@code onDone} when it was taken or dropped. */
    public static void resolve(Store store, SharedFuture future, Val value, Runnable onDone) {
        future.write(null, new StreamBuffer.HostReadable(future.t, List.of(value)), result -> store.post(onDone));
    }

    /** Reads the one value of {@code future} (a guest writes it); null when the writer is gone. */
    public static void await(Store store, SharedFuture future, Consumer<Val> onValue) {
        StreamBuffer.HostWritable buf = new StreamBuffer.HostWritable(future.t, 1);
        future.read(null, buf, result -> {
            Val v = result == SharedStream.COMPLETED ? buf.received().getFirst() : null;
            store.post(() -> onValue.accept(v));
        });
    }

    /**
     * A guest's stream as a {@link Flow.Publisher}: each item is a chunk of at most {@code chunk}
     * elements; it completes when the writer drops its end. One subscriber; demand is honoured
     * one chunk at a time.
     */
    public static Flow.Publisher<List<Val>> publisher(Store store, SharedStream stream, int chunk) {
        return subscriber -> {
            long[] demand = {0};
            boolean[] reading = {false, false}; // reading, ended
            Runnable[] pump = new Runnable[1];
            pump[0] = () -> {
                if (reading[0] || reading[1] || demand[0] == 0) {
                    return;
                }
                reading[0] = true;
                StreamBuffer.HostWritable buf = new StreamBuffer.HostWritable(stream.t, chunk);
                store.hostWorkStarted();
                stream.read(
                        null,
                        buf,
                        reclaim -> {
                            reclaim.run();
                            store.post(() -> {
                                store.hostWorkDone();
                                reading[0] = false;
                                demand[0]--;
                                subscriber.onNext(buf.received());
                                pump[0].run();
                            });
                        },
                        result -> store.post(() -> {
                            store.hostWorkDone();
                            reading[0] = false;
                            if (buf.progress() > 0) {
                                demand[0]--;
                                subscriber.onNext(buf.received());
                                pump[0].run();
                            } else if (result == SharedStream.COMPLETED) {
                                pump[0].run();
                            } else {
                                reading[1] = true;
                                subscriber.onComplete();
                            }
                        }));
            };
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    store.post(() -> {
                        demand[0] += n;
                        pump[0].run();
                    });
                }

                @Override
                public void cancel() {
                    store.post(() -> {
                        reading[1] = true;
                        stream.drop();
                    });
                }
            });
        };
    }

    /**
     * A {@link Flow.Subscriber} that writes what it receives into {@code stream} for a guest to
     * read, asking for the next item once the guest took the last; completing (or an error) drops
     * the host's end. Keeps the store waiting for it while it is subscribed.
     */
    public static Flow.Subscriber<List<Val>> subscriber(Store store, SharedStream stream) {
        return new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                store.hostWorkStarted();
                s.request(1);
            }

            @Override
            public void onNext(List<Val> item) {
                store.post(() -> produce(store, stream, item, dropped -> {
                    if (dropped) {
                        subscription.cancel();
                        store.hostWorkDone();
                    } else {
                        subscription.request(1);
                    }
                }));
            }

            @Override
            public void onError(Throwable t) {
                onComplete();
            }

            @Override
            public void onComplete() {
                store.post(() -> {
                    store.hostWorkDone();
                    stream.drop();
                });
            }
        };
    }
}
