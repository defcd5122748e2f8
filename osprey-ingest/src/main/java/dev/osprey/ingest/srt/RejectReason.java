package dev.osprey.ingest.srt;

/**
 * Why a caller is turned away: libsrt's {@code SRT_REJECT_REASON} values (below 1000) and the
 * application codes ({@code SRT_REJC_PREDEFINED} + an HTTP status, 1000 and up). On the wire the
 * handshake type of the rejection is 1000 + the code.
 */
public final class RejectReason {
    public static final int SYSTEM = 1;
    /** The listener's application said no. */
    public static final int PEER = 2;
    /** No room: too many connections. */
    public static final int RESOURCE = 3;
    /** The handshake was malformed. */
    public static final int ROGUE = 4;
    public static final int VERSION = 8;
    /** Both sides are encrypting, with different passphrases. */
    public static final int BADSECRET = 10;
    /** One side encrypts and the other does not. */
    public static final int UNSECURE = 11;
    /** The caller asked for file (stream/message API) mode; this listener serves live mode only. */
    public static final int MESSAGEAPI = 12;
    public static final int CONGESTION = 13;
    public static final int FILTER = 14;
    public static final int GROUP = 15;
    public static final int CRYPTO = 17;
    /** Application codes: 1000 + an HTTP status. */
    public static final int BAD_REQUEST = 1400;
    public static final int UNAUTHORIZED = 1401;
    public static final int FORBIDDEN = 1403;
    public static final int NOT_FOUND = 1404;
    public static final int CONFLICT = 1409;

    /** First handshake type that means "rejected" ({@code URQ_FAILURE_TYPES}). */
    static final int FAILURE_TYPES = 1000;

    private RejectReason() {
    }
}
