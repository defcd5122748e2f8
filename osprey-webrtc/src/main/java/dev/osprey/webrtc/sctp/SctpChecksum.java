package dev.osprey.webrtc.sctp;

import java.util.zip.CRC32C;

/**
 * The CRC32c of RFC 9260 appendix B, computed over the packet with the checksum field taken as zero and
 * stored least significant byte first. One instance per association (not thread-safe, reused per packet).
 */
final class SctpChecksum {
    private static final byte[] ZEROS = new byte[4];
    private final CRC32C crc = new CRC32C();

    int compute(byte[] buf, int off, int len) {
        crc.reset();
        crc.update(buf, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(buf, off + 12, len - 12);
        return (int) crc.getValue();
    }

    static int stored(byte[] buf, int off) {
        return (buf[off + 8] & 0xFF) | (buf[off + 9] & 0xFF) << 8 | (buf[off + 10] & 0xFF) << 16
                | (buf[off + 11] & 0xFF) << 24;
    }

    static void store(byte[] buf, int off, int value) {
        buf[off + 8] = (byte) value;
        buf[off + 9] = (byte) (value >>> 8);
        buf[off + 10] = (byte) (value >>> 16);
        buf[off + 11] = (byte) (value >>> 24);
    }
}
