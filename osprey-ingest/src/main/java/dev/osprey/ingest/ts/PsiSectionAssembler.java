package dev.osprey.ingest.ts;

import dev.osprey.media.format.Crc32Mpeg2;

/**
 * Reassembles PSI sections (§2.4.4) on one PID: the pointer_field of a packet that starts a section,
 * sections spread over several packets, several sections in one packet, stuffing after the last.
 * A section is passed on only when its section_syntax_indicator is set and its CRC32 matches.
 */
final class PsiSectionAssembler extends PidHandler {
    /** Receives a complete, CRC-checked section; the bytes are valid only during the call. */
    @FunctionalInterface
    interface SectionSink {
        void onSection(byte[] section, int length);
    }

    /** The largest section: 3 header bytes and a section_length of at most 4093 (private sections). */
    static final int MAX_SECTION = 4096;
    private static final int MIN_SECTION_LENGTH = 9; // 5 bytes of syntax header and the CRC_32
    private static final int HEADER = 3;
    private static final int STUFFING = 0xFF;

    private final byte[] section = new byte[MAX_SECTION];
    private final SectionSink sink;
    private final TsCounters counters;
    private boolean collecting;
    private int length;
    private int expected;

    PsiSectionAssembler(SectionSink sink, TsCounters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    void onPayload(byte[] packet, int offset, int length, boolean unitStart) {
        int end = offset + length;
        if (!unitStart) {
            if (collecting) {
                append(packet, offset, length);
            }
            return;
        }
        int pointer = packet[offset] & 0xFF;
        int position = offset + 1;
        if (position + pointer > end) {
            collecting = false;
            return;
        }
        if (collecting) {
            append(packet, position, pointer);
            collecting = false;
        }
        position += pointer;
        while (position < end && (packet[position] & 0xFF) != STUFFING) {
            collecting = true;
            this.length = 0;
            expected = -1;
            position += append(packet, position, end - position);
            if (collecting || expected < 0) {
                return; // continues in the next packet, or the header was nonsense
            }
        }
    }

    @Override
    void onDiscontinuity() {
        collecting = false;
    }

    @Override
    int retainedBytes() {
        return section.length;
    }

    /** Takes bytes of the current section, as many as it still needs; returns how many it took. */
    private int append(byte[] data, int offset, int available) {
        int taken = 0;
        while (collecting && taken < available) {
            int wanted = (expected < 0 ? HEADER : expected) - length;
            int count = Math.min(wanted, available - taken);
            System.arraycopy(data, offset + taken, section, length, count);
            length += count;
            taken += count;
            if (expected < 0 && length == HEADER) {
                int sectionLength = ((section[1] & 0x0F) << 8) | (section[2] & 0xFF);
                if (sectionLength < MIN_SECTION_LENGTH || HEADER + sectionLength > MAX_SECTION) {
                    collecting = false;
                } else {
                    expected = HEADER + sectionLength;
                }
            } else if (expected >= 0 && length == expected) {
                collecting = false;
                complete();
            }
        }
        return taken;
    }

    private void complete() {
        boolean syntax = (section[1] & 0x80) != 0;
        if (!syntax) {
            return;
        }
        if (Crc32Mpeg2.compute(section, 0, length) != 0) {
            counters.crcErrors++;
            return;
        }
        sink.onSection(section, length);
    }
}
