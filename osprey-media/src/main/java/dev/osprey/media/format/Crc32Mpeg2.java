package dev.osprey.media.format;

/**
 * The CRC32 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value all
 * ones, most significant bit first, no final inversion. Run over a whole section including its
 * CRC_32 field it gives 0.
 */
public final class Crc32Mpeg2 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc32Mpeg2() {
    }

    /** The CRC of {@code data[offset, offset + length)}. */
    public static int compute(byte[] data, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xFF];
        }
        return crc;
    }
}
