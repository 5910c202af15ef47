package dev.wreg.server.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What changed in the database, told to in-memory caches as soon as it is committed, by this
 * replica or any other one on the same database.
 *
 * <p>Triggers (migration V22) send {@code NOTIFY wreg_changes} when a package row or the operator
 * log changes; one connection of the pool listens for them. A cache may then answer from memory
 * instead of asking the database on every request whether what it holds is still current — but
 * only while {@link #listening()} holds and the {@link #epoch()} it read before building an entry
 * is still the epoch after: every notification, every local commit and every loss of the
 * connection advances the epoch, so an entry that raced with a change is never trusted. While the
 * connection is down (a database outage), {@link #listening()} is false and caches check with the
 * database on every read, as they would without this feed.
 *
 * <p>Writers in this process also call {@link #afterCommit} inside their transaction: the
 * notification of their own commit arrives a moment later, and a client that publishes and then
 * reads must see its release at once.
 */
@Component
public class ChangeFeed implements SmartLifecycle {

    /** The channel the V22 triggers notify. */
    public static final String CHANNEL = "wreg_changes";

    /** How long the listener waits for notifications at a time (and so how long stopping it may take). */
    private static final int POLL_MILLIS = 500;

    /** After this long without a notification, the listener checks that notifications still arrive. */
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** How long a probe may take to come back before the listener gives up on its connection. */
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** Payloads of the listener's own probes, which change nothing. */
    private static final String PROBE = "probe:";

    private static final long RECONNECT_PAUSE_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /**
     * One change: a package's row, the operator log, the interface index alone (releases indexed
     * after they were published), or anything at all (the feed was interrupted).
     */
    public sealed interface Change {
        record PackageChanged(String name) implements Change {}

        record OperatorLogChanged() implements Change {}

        record IndexChanged() implements Change {
            /** The payload a writer of index rows alone sends (in its transaction: at commit). */
            public static final String PAYLOAD = "index";
        }

        record Everything() implements Change {}

        static Change parse(String payload) {
            if (payload.startsWith("package:")) {
                return new PackageChanged(payload.substring("package:".length()));
            }
            if (payload.equals("operator")) {
                return new OperatorLogChanged();
            }
            if (payload.equals(IndexChanged.PAYLOAD)) {
                return new IndexChanged();
            }
            return new Everything();
        }
    }

    private final DataSource dataSource;
    private final AtomicLong epoch = new AtomicLong();
    private final List<Consumer<Change>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean listening;
    private volatile boolean running;
    private volatile Thread listener;

    public ChangeFeed(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Calls {@code subscriber} on the listener's thread (or a committing thread) for every change. */
    public void subscribe(Consumer<Change> subscriber) {
        subscribers.add(subscriber);
    }

    /** Advances with every change seen; equal readings around a read mean nothing changed meanwhile. */
    public long epoch() {
        return epoch.get();
    }

    /** True while notifications arrive; false before the first LISTEN and during an outage. */
    public boolean listening() {
        return listening;
    }

    /**
     * Tells the subscribers of {@code change} once the current transaction commits (at once when
     * there is none), before the writer answers its client.
     */
    public void afterCommit(Change change) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    changed(change);
                }
            });
        } else {
            changed(change);
        }
    }

    private void changed(Change change) {
        epoch.incrementAndGet();
        for (Consumer<Change> subscriber : subscribers) {
            subscriber.accept(change);
        }
    }

    private void listen() {
        boolean warned = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                // Trusted only once a probe sent through another connection has come back: that
                // proves notifications reach this session (a pooler in transaction mode, such as
                // PgBouncer's, would silently lose them). Whatever changed before is not known:
                // the first probe heard clears every cache.
                String probe = sendProbe();
                long probeSent = System.nanoTime();
                long heard = probeSent;
                while (running) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    long now = System.nanoTime();
                    if (received != null) {
                        for (PGNotification notification : received) {
                            heard = now;
                            String payload = notification.getParameter();
                            if (payload.startsWith(PROBE)) {
                                if (payload.equals(probe)) {
                                    probe = null;
                                    if (!listening) {
                                        changed(new Change.Everything());
                                        listening = true;
                                        warned = false;
                                    }
                                }
                            } else {
                                changed(Change.parse(payload));
                            }
                        }
                    }
                    if (probe != null && now - probeSent > PROBE_TIMEOUT_NANOS) {
                        throw new SQLException("a change notification sent through another connection did not arrive");
                    }
                    if (probe == null && now - heard > PING_NANOS) {
                        // A quiet spell: make sure notifications still arrive.
                        probe = sendProbe();
                        probeSent = now;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!warned && !DatabaseOutage.isOutage(e)) {
                    log.warn(
                            "change notifications from PostgreSQL do not arrive ({}); package views are checked with"
                                    + " the database on every read until they do (is a connection pooler in transaction"
                                    + " mode between wreg and PostgreSQL?)",
                            e.getMessage());
                    warned = true;
                }
                listening = false;
                changed(new Change.Everything());
                if (running) {
                    pause();
                }
            }
        }
        listening = false;
    }

    /** Notifies the channel through a pooled connection (not the listening one); answers the payload. */
    private String sendProbe() throws SQLException {
        String payload = PROBE + UUID.randomUUID();
        try (Connection sender = dataSource.getConnection();
                PreparedStatement notify = sender.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
            if (!sender.getAutoCommit()) {
                sender.commit();
            }
        }
        return payload;
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("wreg-change-feed").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        listening = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(POLL_MILLIS + 2_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
