package dev.osprey.webrtc.rtp;

/**
 * The abs-send-time header extension ({@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}):
 * a 24-bit, 6.18 fixed-point send time in seconds that wraps every 64 s. A sender stamps it on
 * every packet so the receiver's delay-based estimator (REMB) can measure queueing.
 */
public final class AbsSendTime {
    public static final int LENGTH = 3;

    private AbsSendTime() {
    }

    /** Converts a monotonic time in nanoseconds to the 24-bit wire value. */
    public static int fromNanos(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long fraction = nanos % 1_000_000_000L;
        return (int) (((seconds & 0x3F) << 18) | ((fraction << 18) / 1_000_000_000L));
    }

    /** Converts a 24-bit wire value to microseconds within its 64 s cycle. */
    public static long toMicros(int value) {
        return ((value & 0xFFFFFFL) * 1_000_000L) >>> 18;
    }

    /** The 24-bit value of extension {@code id}, or -1 when absent or not 3 bytes long. */
    public static int read(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionElementLength(at) != LENGTH) {
            return -1;
        }
        return Bytes.u24(packet.buffer(), at);
    }

    /** Rewrites extension {@code id} in place; false when the packet does not carry it. */
    public static boolean write(RtpPacket packet, int id, int value) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionElementLength(at) != LENGTH) {
            return false;
        }
        Bytes.put24(packet.buffer(), at, value);
        return true;
    }
}
