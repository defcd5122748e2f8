package dev.osprey.webrtc.ice;

import java.time.Duration;

/**
 * Timing of an {@link IceClientAgent}.
 *
 * @param initialRto      first retransmission timeout of a connectivity check
 * @param maxRto          retransmission timeout cap (the timeout doubles up to it)
 * @param maxAttempts     checks sent before the agent gives up
 * @param consentInterval mean interval between consent checks once connected; each one is
 *                        randomised to 0.8..1.2 of it (RFC 7675 §5.1)
 * @param consentTimeout  failure when no consent check succeeded for this long
 * @param controlling     the role the agent starts in: controlling (towards an ICE-lite server, or as
 *                        the offerer) or controlled (answering a full ICE agent's offer, RFC 8445 §6.1.1);
 *                        a role conflict switches it either way (§7.2.5.1, §7.3.1.1)
 */
public record IceClientConfig(Duration initialRto, Duration maxRto, int maxAttempts, Duration consentInterval,
                              Duration consentTimeout, boolean controlling) {

    /** A controlling agent. */
    public IceClientConfig(Duration initialRto, Duration maxRto, int maxAttempts, Duration consentInterval,
                           Duration consentTimeout) {
        this(initialRto, maxRto, maxAttempts, consentInterval, consentTimeout, true);
    }

    public IceClientConfig withControlling(boolean controlling) {
        return new IceClientConfig(initialRto, maxRto, maxAttempts, consentInterval, consentTimeout, controlling);
    }

    public static IceClientConfig defaults() {
        return new IceClientConfig(Duration.ofMillis(100), Duration.ofMillis(1600), 10, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }
}
