package dev.osprey.server.admin;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Server-side console sessions. An id is 256 random bits (base64url, 43 characters) and means nothing
 * by itself: all state stays here, in memory, so a restart logs everybody out. A session ends after
 * {@link #IDLE_TIMEOUT} without use, after {@link #MAX_LIFETIME} in any case, at logout, or when the
 * administrator account changes. Thread-safe and non-blocking.
 */
public final class SessionStore {

    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration MAX_LIFETIME = Duration.ofHours(12);
    /** More than one operator's browsers need; beyond it the least recently used session ends. */
    static final int MAX_SESSIONS = 100;
    private static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;

    private static final class Session {
        final long createdMs;
        volatile long lastUsedMs;

        Session(long now) {
            createdMs = now;
            lastUsedMs = now;
        }

        boolean expired(long now) {
            return now - lastUsedMs > IDLE_TIMEOUT.toMillis() || now - createdMs > MAX_LIFETIME.toMillis();
        }
    }

    public SessionStore() {
        this(System::currentTimeMillis);
    }

    SessionStore(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Opens a session and returns its id. */
    public String open() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastUsedMs))
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        sessions.put(id, new Session(clockMillis.getAsLong()));
        return id;
    }

    /** True when {@code id} names a live session, which then counts as used now. */
    public boolean touch(String id) {
        if (id == null || !ID_SHAPE.matcher(id).matches()) {
            return false;
        }
        Session session = sessions.get(id);
        if (session == null) {
            return false;
        }
        long now = clockMillis.getAsLong();
        if (session.expired(now)) {
            sessions.remove(id, session);
            return false;
        }
        session.lastUsedMs = now;
        return true;
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session (the account changed). */
    public void closeAll() {
        sessions.clear();
    }

    /** Forgets expired sessions; the periodic housekeeping calls this. */
    public void purgeExpired() {
        long now = clockMillis.getAsLong();
        sessions.values().removeIf(s -> s.expired(now));
    }

    int size() {
        return sessions.size();
    }
}
