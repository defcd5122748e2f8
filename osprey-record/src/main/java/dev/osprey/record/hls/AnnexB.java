package dev.osprey.record.hls;

/**
 * Walks the NAL units of an H.264 access unit in Annex B form (ITU-T H.264 Annex B): each unit follows
 * a three- or four-byte start code. Bytes before the first start code are ignored; nothing is allocated.
 */
public final class AnnexB {
    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_AUD = 9;

    /** Hears one NAL unit: {@code data[offset, offset + length)}, starting with its header byte. */
    @FunctionalInterface
    public interface NalVisitor {
        void nal(int type, int offset, int length);
    }

    private AnnexB() {
    }

    /** Calls {@code visitor} for every non-empty NAL unit of {@code data[0, length)}, in order. */
    public static void forEachNal(byte[] data, int length, NalVisitor visitor) {
        int start = nextStart(data, 0, length);
        while (start >= 0 && start < length) {
            int next = nextStartCode(data, start, length);
            int end = next < 0 ? length : next;
            // A four-byte start code leaves its leading zero at the end of the previous unit.
            while (end > start && data[end - 1] == 0 && next >= 0) {
                end--;
            }
            if (end > start) {
                visitor.nal(data[start] & 0x1F, start, end - start);
            }
            start = next < 0 ? -1 : next + 3;
        }
    }

    /** The index just after the first start code at or after {@code from}, or -1. */
    private static int nextStart(byte[] data, int from, int length) {
        int code = nextStartCode(data, from, length);
        return code < 0 ? -1 : code + 3;
    }

    /** The index of the next {@code 00 00 01} at or after {@code from}, or -1. */
    private static int nextStartCode(byte[] data, int from, int length) {
        for (int i = from; i + 2 < length; i++) {
            if (data[i + 2] > 1) {
                i += 2; // neither of the next two positions can start a code ending here
            } else if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}
