package dev.osprey.webrtc.rtp.codec;

/**
 * Unsigned LEB128 as AV1 uses it (AV1 specification §4.10.5): 7 bits per byte, least significant
 * group first, the top bit set on every byte but the last; at most 8 bytes, values below 2^32.
 */
final class Leb128 {
    static final int MAX_BYTES = 8;

    private Leb128() {
    }

    /** Bytes needed for {@code value} (0 .. 2^32-1) in its shortest form. */
    static int size(long value) {
        int n = 1;
        while (value >= 0x80) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** Writes {@code value} in its shortest form at {@code at}; returns the bytes written. */
    static int write(byte[] b, int at, long value) {
        int n = 0;
        do {
            int group = (int) (value & 0x7F);
            value >>>= 7;
            b[at + n++] = (byte) (value != 0 ? group | 0x80 : group);
        } while (value != 0);
        return n;
    }

    /**
     * Reads a value starting at {@code at}, not reading at or past {@code end}. Returns
     * {@code bytes << 32 | value}, or -1 when truncated, longer than 8 bytes or above 2^32-1.
     */
    static long read(byte[] b, int at, int end) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (at + i >= end) {
                return -1;
            }
            int v = b[at + i] & 0xFF;
            value |= (long) (v & 0x7F) << (7 * i);
            if ((v & 0x80) == 0) {
                return value > 0xFFFFFFFFL ? -1 : (long) (i + 1) << 32 | value;
            }
        }
        return -1;
    }

    static int readBytes(long read) {
        return (int) (read >>> 32);
    }

    static long readValue(long read) {
        return read & 0xFFFFFFFFL;
    }
}
