package dev.osprey.server.admin;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000_000);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void fiveFailuresInARowBlockTheAddressAndEachFurtherOneDoublesTheWait() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("192.0.2.7");
            assertThat(throttle.waitMillis("192.0.2.7")).isEmpty();
        }
        throttle.failed("192.0.2.7");
        assertThat(throttle.waitMillis("192.0.2.7")).hasValue(LoginThrottle.FIRST_BACKOFF.toMillis());
        assertThat(throttle.waitMillis("192.0.2.8")).isEmpty();

        now.addAndGet(LoginThrottle.FIRST_BACKOFF.toMillis());
        assertThat(throttle.waitMillis("192.0.2.7")).isEmpty();
        throttle.failed("192.0.2.7");
        assertThat(throttle.waitMillis("192.0.2.7")).hasValue(2 * LoginThrottle.FIRST_BACKOFF.toMillis());
        for (int i = 0; i < 10; i++) {
            throttle.failed("192.0.2.7");
        }
        assertThat(throttle.waitMillis("192.0.2.7")).hasValue(LoginThrottle.MAX_BACKOFF.toMillis());
    }

    @Test
    void aSuccessfulLoginClearsTheFailures() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("192.0.2.9");
        }
        throttle.succeeded("192.0.2.9");
        throttle.failed("192.0.2.9");
        assertThat(throttle.waitMillis("192.0.2.9")).isEmpty();
    }

    @Test
    void ipv6ClientsCountPerSlash64() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(throttle.waitMillis("2001:db8:1:2:ffff:ffff:ffff:ffff")).isPresent();
        assertThat(throttle.waitMillis("2001:db8:1:3::1")).isEmpty();
        assertThat(LoginThrottle.client("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void failuresAreForgottenAfterAnHourWithoutAnother() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("192.0.2.10");
        }
        now.addAndGet(LoginThrottle.MEMORY.toMillis() + 1);
        throttle.failed("192.0.2.10");
        assertThat(throttle.waitMillis("192.0.2.10")).isEmpty();
    }
}
