package dev.osprey.webrtc.sctp;

/** Chunk types, flags, parameter types and error causes used on the wire (RFC 9260, 3758, 6525, 9653). */
final class Chunks {
    static final int DATA = 0;
    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int SACK = 3;
    static final int HEARTBEAT = 4;
    static final int HEARTBEAT_ACK = 5;
    static final int ABORT = 6;
    static final int SHUTDOWN = 7;
    static final int SHUTDOWN_ACK = 8;
    static final int ERROR = 9;
    static final int COOKIE_ECHO = 10;
    static final int COOKIE_ACK = 11;
    static final int SHUTDOWN_COMPLETE = 14;
    static final int RE_CONFIG = 130;
    static final int FORWARD_TSN = 192;

    static final int FLAG_END = 0x01;
    static final int FLAG_BEGIN = 0x02;
    static final int FLAG_UNORDERED = 0x04;
    /** ABORT / SHUTDOWN COMPLETE: the verification tag is the sender's own (reflected). */
    static final int FLAG_T = 0x01;

    static final int PARAM_HEARTBEAT_INFO = 1;
    static final int PARAM_STATE_COOKIE = 7;
    static final int PARAM_ZERO_CHECKSUM = 0x8001;
    static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
    static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;
    static final int PARAM_OUTGOING_RESET_REQUEST = 13;
    static final int PARAM_RECONFIG_RESPONSE = 16;
    /** Error Detection Method "DTLS" of RFC 9653. */
    static final int ZERO_CHECKSUM_METHOD_DTLS = 1;

    static final int CAUSE_USER_INITIATED_ABORT = 12;
    static final int CAUSE_PROTOCOL_VIOLATION = 13;

    static final int RESULT_NOTHING_TO_DO = 0;
    static final int RESULT_PERFORMED = 1;
    static final int RESULT_DENIED = 2;
    static final int RESULT_BAD_SEQUENCE = 5;
    static final int RESULT_IN_PROGRESS = 6;

    static final int COMMON_HEADER = 12;
    static final int DATA_HEADER = 16;

    private Chunks() {
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int i32(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return i32(b, p) & 0xFFFF_FFFFL;
    }

    static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    static void put32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    static int padded(int len) {
        return (len + 3) & ~3;
    }
}
