package dev.osprey.webrtc.dtls;

import java.time.Duration;
import java.util.Arrays;

/**
 * Settings of a {@link DtlsEndpoint}.
 *
 * @param handshakeTimeout   the whole handshake must finish within this time (bctls's default is "forever")
 * @param initialRetransmit  first retransmission delay of a flight; bctls doubles it on each loss
 * @param srtpProfiles       SRTP profiles offered (client) or accepted (server), most preferred first
 * @param receiveLimit       largest datagram accepted; at least 1500 because Firefox's first flight is 1408 bytes
 * @param sendLimit          largest datagram sent; bctls fragments handshake messages to fit
 * @param queueCapacity      datagrams buffered between the network thread and the DTLS thread; excess is dropped
 */
public record DtlsConfig(
        Duration handshakeTimeout,
        Duration initialRetransmit,
        int[] srtpProfiles,
        int receiveLimit,
        int sendLimit,
        int queueCapacity) {

    public static final int MIN_RECEIVE_LIMIT = 1500;
    // A DTLS record header is 13 bytes and a handshake fragment header 12: anything smaller cannot carry data.
    static final int MIN_SEND_LIMIT = 64;

    public DtlsConfig {
        requirePositiveMillis(handshakeTimeout, "handshakeTimeout");
        requirePositiveMillis(initialRetransmit, "initialRetransmit");
        if (srtpProfiles == null || srtpProfiles.length == 0) {
            throw new IllegalArgumentException("at least one SRTP profile is required");
        }
        srtpProfiles = srtpProfiles.clone();
        for (int profile : srtpProfiles) {
            if (!DtlsSrtpProfile.isSupported(profile)) {
                throw new IllegalArgumentException("unsupported SRTP profile " + DtlsSrtpProfile.name(profile));
            }
        }
        if (receiveLimit < MIN_RECEIVE_LIMIT || receiveLimit > 65_535) {
            throw new IllegalArgumentException("receiveLimit must be in [1500, 65535]: " + receiveLimit);
        }
        if (sendLimit < MIN_SEND_LIMIT || sendLimit > 65_535) {
            throw new IllegalArgumentException("sendLimit must be in [64, 65535]: " + sendLimit);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        }
    }

    /**
     * First retransmission of a flight; bctls doubles it on each loss, up to 60 s. RFC 6347 4.2.4.1 suggests
     * 1 s but leaves the value to the implementation; 1 s is what made WebRTC set-up slow. In WebRTC the
     * first flight often meets a peer that is not ready for it: our ClientHello goes out on the peer's first
     * ICE check, before the peer's own ICE has completed and its DTLS stack exists, and is dropped. Chromium
     * resends after 50 ms for the same reason; so do we. The path was just proven by ICE, the doubling keeps
     * a silent peer to at most eight resends of a flight (a few KB) within the handshake timeout.
     */
    public static final Duration DEFAULT_INITIAL_RETRANSMIT = Duration.ofMillis(50);

    /**
     * 10 s handshake timeout, {@link #DEFAULT_INITIAL_RETRANSMIT 50 ms} first retransmission, GCM preferred
     * over CM, 1200-byte datagrams out, up to 32 queued datagrams in (at most 48 KB per endpoint).
     */
    public static DtlsConfig defaults() {
        return new DtlsConfig(Duration.ofSeconds(10), DEFAULT_INITIAL_RETRANSMIT,
                new int[] {DtlsSrtpProfile.AEAD_AES_128_GCM, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80},
                MIN_RECEIVE_LIMIT, 1200, 32);
    }

    @Override
    public int[] srtpProfiles() {
        return srtpProfiles.clone();
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(timeout, initialRetransmit, srtpProfiles, receiveLimit, sendLimit, queueCapacity);
    }

    public DtlsConfig withInitialRetransmit(Duration delay) {
        return new DtlsConfig(handshakeTimeout, delay, srtpProfiles, receiveLimit, sendLimit, queueCapacity);
    }

    public DtlsConfig withSrtpProfiles(int... profiles) {
        return new DtlsConfig(handshakeTimeout, initialRetransmit, profiles, receiveLimit, sendLimit, queueCapacity);
    }

    public DtlsConfig withSendLimit(int limit) {
        return new DtlsConfig(handshakeTimeout, initialRetransmit, srtpProfiles, receiveLimit, limit, queueCapacity);
    }

    public DtlsConfig withQueueCapacity(int capacity) {
        return new DtlsConfig(handshakeTimeout, initialRetransmit, srtpProfiles, receiveLimit, sendLimit, capacity);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsConfig c
                && handshakeTimeout.equals(c.handshakeTimeout)
                && initialRetransmit.equals(c.initialRetransmit)
                && Arrays.equals(srtpProfiles, c.srtpProfiles)
                && receiveLimit == c.receiveLimit
                && sendLimit == c.sendLimit
                && queueCapacity == c.queueCapacity;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(srtpProfiles) * 31 + handshakeTimeout.hashCode();
    }

    @Override
    public String toString() {
        return "DtlsConfig[handshakeTimeout=" + handshakeTimeout + ", initialRetransmit=" + initialRetransmit
                + ", srtpProfiles=" + Arrays.toString(srtpProfiles) + ", receiveLimit=" + receiveLimit
                + ", sendLimit=" + sendLimit + ", queueCapacity=" + queueCapacity + "]";
    }

    int handshakeTimeoutMillis() {
        return (int) handshakeTimeout.toMillis();
    }

    int initialRetransmitMillis() {
        return (int) initialRetransmit.toMillis();
    }

    private static void requirePositiveMillis(Duration d, String name) {
        if (d == null || d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and 24 days: " + d);
        }
    }
}
