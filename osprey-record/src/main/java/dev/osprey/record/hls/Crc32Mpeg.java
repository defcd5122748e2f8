package dev.osprey.record.hls;

/**
 * The CRC that ends every MPEG-TS program-specific section (ISO/IEC 13818-1 Annex A): CRC-32 with
 * polynomial 0x04C11DB7, initial value 0xFFFFFFFF, bits not reflected and no final XOR.
 */
final class Crc32Mpeg {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc32Mpeg() {
    }

    /** The CRC of {@code data[offset, offset + length)}; a section including its CRC gives 0. */
    static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = crc << 8 ^ TABLE[(crc >>> 24 ^ data[i]) & 0xFF];
        }
        return crc;
    }
}
