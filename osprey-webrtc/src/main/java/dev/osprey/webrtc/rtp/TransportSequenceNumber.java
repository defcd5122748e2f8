package dev.osprey.webrtc.rtp;

/**
 * The transport-wide sequence number header extension
 * ({@code draft-holmer-rmcat-transport-wide-cc-extensions-01}): a 16-bit counter over all media
 * on one transport that transport-cc feedback refers to. An SFU rewrites it on every packet it
 * forwards, because each viewer transport has its own counter.
 */
public final class TransportSequenceNumber {
    public static final int LENGTH = 2;

    private TransportSequenceNumber() {
    }

    /** The 16-bit value of extension {@code id}, or -1 when absent or not 2 bytes long. */
    public static int read(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionElementLength(at) != LENGTH) {
            return -1;
        }
        return Bytes.u16(packet.buffer(), at);
    }

    /** Rewrites extension {@code id} in place; false when the packet does not carry it. */
    public static boolean write(RtpPacket packet, int id, int sequenceNumber) {
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionElementLength(at) != LENGTH) {
            return false;
        }
        Bytes.put16(packet.buffer(), at, sequenceNumber);
        return true;
    }
}
