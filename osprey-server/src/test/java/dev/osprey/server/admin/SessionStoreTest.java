package dev.osprey.server.admin;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SessionStore sessions = new SessionStore(now::get);

    @Test
    void aSessionUsedWithinTheIdleTimeoutLivesOnAndOneLeftIdleEnds() {
        String id = sessions.open();
        now.addAndGet(SessionStore.IDLE_TIMEOUT.toMillis() - 1);
        assertThat(sessions.touch(id)).isTrue();
        now.addAndGet(SessionStore.IDLE_TIMEOUT.toMillis() - 1);
        assertThat(sessions.touch(id)).isTrue();
        now.addAndGet(SessionStore.IDLE_TIMEOUT.toMillis() + 1);
        assertThat(sessions.touch(id)).isFalse();
    }

    @Test
    void evenABusySessionEndsAfterItsMaximumLifetime() {
        String id = sessions.open();
        long step = SessionStore.IDLE_TIMEOUT.toMillis() / 2;
        for (long t = 0; t + step <= SessionStore.MAX_LIFETIME.toMillis(); t += step) {
            now.addAndGet(step);
            assertThat(sessions.touch(id)).isTrue();
        }
        now.addAndGet(step);
        assertThat(sessions.touch(id)).isFalse();
    }

    @Test
    void idsAreRandomAndUnknownOrMalformedOnesOpenNothing() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(sessions.open());
        }
        assertThat(ids).hasSize(50).allMatch(id -> id.matches("[A-Za-z0-9_-]{43}"));
        assertThat(sessions.touch("A".repeat(43))).isFalse();
        assertThat(sessions.touch(null)).isFalse();
        assertThat(sessions.touch("../../etc")).isFalse();
    }

    @Test
    void theLeastRecentlyUsedSessionMakesRoomWhenTheStoreIsFull() {
        String oldest = sessions.open();
        now.incrementAndGet();
        String kept = sessions.open();
        for (int i = 2; i < SessionStore.MAX_SESSIONS; i++) {
            now.incrementAndGet();
            sessions.open();
        }
        now.incrementAndGet();
        assertThat(sessions.touch(kept)).isTrue();
        sessions.open();
        assertThat(sessions.size()).isEqualTo(SessionStore.MAX_SESSIONS);
        assertThat(sessions.touch(oldest)).isFalse();
        assertThat(sessions.touch(kept)).isTrue();
    }
}
