package dev.osprey.webrtc.rtp.codec;

/**
 * Walks the NAL units of an H.264 Annex B byte stream (start codes of 3 or 4 bytes), without allocating:
 * <pre>
 * for (int nal = AnnexB.nalStart(b, off, end); nal >= 0; nal = AnnexB.nalStart(b, nalEnd, end)) {
 *     int nalEnd = AnnexB.nalEnd(b, nal, end);
 *     ...
 * }
 * </pre>
 */
public final class AnnexB {
    /** Hears one NAL unit: {@code b[offset, offset + length)}, starting with its header byte. */
    @FunctionalInterface
    public interface NalVisitor {
        void nal(int type, int offset, int length);
    }

    private AnnexB() {
    }

    /** Calls {@code visitor} for each NAL unit of {@code b[0, end)} in order, with its H.264 type. */
    public static void forEachNal(byte[] b, int end, NalVisitor visitor) {
        for (int nal = nalStart(b, 0, end); nal >= 0; ) {
            int nalEnd = nalEnd(b, nal, end);
            if (nalEnd > nal) {
                visitor.nal(b[nal] & 0x1F, nal, nalEnd - nal);
            }
            nal = nalStart(b, nalEnd, end);
        }
    }

    /** The first byte of the NAL unit after the first start code at or after {@code from}, or -1. */
    public static int nalStart(byte[] b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i + 3 < end ? i + 3 : -1;
            }
        }
        return -1;
    }

    /**
     * Where the NAL unit that begins at {@code nal} ends: at the next start code, or at {@code end}, with
     * the zero bytes before it (a 4-byte start code's first byte, trailing_zero_8bits) left out.
     */
    public static int nalEnd(byte[] b, int nal, int end) {
        int next = nalStart(b, nal, end);
        int to = next < 0 ? end : next - 3;
        while (to > nal && b[to - 1] == 0) {
            to--;
        }
        return to;
    }
}
