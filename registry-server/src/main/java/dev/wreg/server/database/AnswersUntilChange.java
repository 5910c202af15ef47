package dev.wreg.server.database;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers read from the database, reused until the {@link ChangeFeed} hears of any change at all.
 *
 * <p>For reads that depend on many packages at once (a search, an interface's providers and
 * consumers, a package's dependents): telling which change touches which answer would cost more
 * than reading again, and the same few questions (a popular search, the page of a popular
 * interface) are asked far more often than anything is published. An answer is reused only while
 * the feed hears every change and none was heard since its read began, so an answer that raced
 * with a change is never reused; while the feed is interrupted (a database outage) every question
 * is read again, as it would be without this cache.
 *
 * @param <Q> the question, a value with equals and hashCode (a record)
 * @param <A> the answer, immutable
 */
public final class AnswersUntilChange<Q, A> {

    private record Kept<A>(A answer, long epoch) {}

    private final ChangeFeed changes;
    private final int capacity;
    private final Map<Q, Kept<A>> kept = new ConcurrentHashMap<>();

    /** {@code capacity} 0 turns reuse off: every question is read. */
    public AnswersUntilChange(ChangeFeed changes, int capacity) {
        this.changes = changes;
        this.capacity = capacity;
        if (capacity > 0) {
            // Only frees memory: a kept answer from before a change is already unusable by its epoch.
            changes.subscribe(change -> kept.clear());
        }
    }

    /** The answer to {@code question}, from memory when nothing changed since it was read. */
    public A answer(Q question, Supplier<A> read) {
        if (capacity <= 0) {
            return read.get();
        }
        long epoch = changes.epoch();
        boolean listening = changes.listening();
        Kept<A> seen = kept.get(question);
        if (listening && seen != null && seen.epoch() == epoch) {
            return seen.answer();
        }
        A answer = read.get();
        if (listening && changes.epoch() == epoch) {
            if (kept.size() >= capacity) {
                kept.clear();
            }
            kept.put(question, new Kept<>(answer, epoch));
        }
        return answer;
    }
}
