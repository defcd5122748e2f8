package dev.osprey.webrtc.srtp;

/**
 * Negative results of the protect/unprotect calls. Bad packets are ordinary on the network,
 * so they are reported as values rather than exceptions.
 */
public final class SrtpError {
    /** Shorter than its headers and trailer, or headers pointing past the end. */
    public static final int TRUNCATED = -1;
    /** Not RTP/RTCP version 2. */
    public static final int MALFORMED = -2;
    /** The authentication tag does not match: tampered, or keyed by someone else. */
    public static final int AUTH_FAILED = -3;
    /** A packet index already accepted. */
    public static final int REPLAYED = -4;
    /** A packet index older than the replay window reaches. */
    public static final int TOO_OLD = -5;
    /** An SRTCP packet sent without encryption (E flag clear), which this endpoint does not accept. */
    public static final int UNENCRYPTED_SRTCP = -6;
    /** The AEAD cipher refused an IV it just used: the same packet index protected twice in a row. */
    public static final int IV_REUSED = -7;
    /** The SRTCP index of a stream is exhausted (2^31 packets); the session needs new keys. */
    public static final int INDEX_EXHAUSTED = -8;
    /** A received packet from an SSRC the peer never announced, beyond the few such SSRCs allowed. */
    public static final int UNKNOWN_STREAM = -9;

    private SrtpError() {
    }

    /** A short name for logs and metrics. */
    public static String name(int code) {
        return switch (code) {
            case TRUNCATED -> "truncated";
            case MALFORMED -> "malformed";
            case AUTH_FAILED -> "auth-failed";
            case REPLAYED -> "replayed";
            case TOO_OLD -> "too-old";
            case UNENCRYPTED_SRTCP -> "unencrypted-srtcp";
            case IV_REUSED -> "iv-reused";
            case INDEX_EXHAUSTED -> "index-exhausted";
            case UNKNOWN_STREAM -> "unknown-stream";
            default -> code >= 0 ? "ok" : "unknown(" + code + ")";
        };
    }
}
