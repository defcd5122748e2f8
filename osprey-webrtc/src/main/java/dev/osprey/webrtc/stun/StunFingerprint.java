package dev.osprey.webrtc.stun;

import java.util.zip.CRC32;

/** FINGERPRINT value: CRC-32 of the message before the attribute, XOR 0x5354554e (RFC 8489 §14.7). */
final class StunFingerprint {
    private static final int XOR = 0x5354554e;
    private final CRC32 crc = new CRC32();

    int compute(byte[] buf, int off, int len) {
        crc.reset();
        crc.update(buf, off, len);
        return (int) crc.getValue() ^ XOR;
    }
}
