package dev.osprey.record.hls;

import java.util.Arrays;

/**
 * Cuts sections and PES packets into 188-byte transport packets (ISO/IEC 13818-1 §2.4.3) appended to
 * one growing buffer, which is reused from chunk to chunk. Keeps each PID's continuity counter for the
 * writer's whole life, so that consecutive chunks play as one stream.
 */
final class TsPacketWriter {
    static final int PACKET_SIZE = 188;
    private static final int SYNC_BYTE = 0x47;
    private static final int HEADER_SIZE = 4;
    private static final int PAYLOAD_SIZE = PACKET_SIZE - HEADER_SIZE;
    private static final int PCR_SIZE = 6;

    private final int[] continuity = new int[0x2000];
    private byte[] out = new byte[64 * PACKET_SIZE];
    private int size;

    /** Starts a new chunk; the continuity counters carry on. */
    void reset() {
        size = 0;
    }

    /** The packets written since {@link #reset()}, as a new array. */
    byte[] toByteArray() {
        return Arrays.copyOf(out, size);
    }

    /** One packet holding {@code section} whole (it must fit in one packet), after a pointer_field of 0. */
    void writeSection(int pid, byte[] section) {
        int p = startPacket(pid, true, false);
        out[p++] = 0; // pointer_field: the section starts right away
        System.arraycopy(section, 0, out, p, section.length);
        Arrays.fill(out, p + section.length, size, (byte) 0xFF);
    }

    /**
     * The PES {@code pes[0, length)} on {@code pid}. The first packet's adaptation field carries
     * {@code pcr} (the 90 kHz PCR base, extension 0; negative for none) and the random_access_indicator
     * when asked; the last packet is padded with adaptation-field stuffing.
     */
    void writePes(int pid, byte[] pes, int length, long pcr, boolean randomAccess) {
        int done = 0;
        boolean first = true;
        while (done < length) {
            int remaining = length - done;
            int fields = first && (pcr >= 0 || randomAccess) ? 1 + (pcr >= 0 ? PCR_SIZE : 0) : 0;
            // An adaptation field takes its length byte plus its content (flags, PCR, stuffing).
            int room = fields > 0 ? PAYLOAD_SIZE - 1 - fields : PAYLOAD_SIZE;
            boolean adaptation = fields > 0 || remaining < room;
            int payload = Math.min(remaining, room);
            int p = startPacket(pid, first, adaptation);
            if (adaptation) {
                int adaptationLength = PAYLOAD_SIZE - payload - 1;
                out[p++] = (byte) adaptationLength;
                if (adaptationLength > 0) {
                    int end = p + adaptationLength;
                    out[p++] = (byte) ((randomAccess && first ? 0x40 : 0) | (pcr >= 0 && first ? 0x10 : 0));
                    if (pcr >= 0 && first) {
                        p = writePcr(p, pcr);
                    }
                    Arrays.fill(out, p, end, (byte) 0xFF);
                    p = end;
                }
            }
            System.arraycopy(pes, done, out, p, payload);
            done += payload;
            first = false;
        }
    }

    /** Appends a packet's four header bytes and returns where its body starts. */
    private int startPacket(int pid, boolean unitStart, boolean adaptation) {
        if (size + PACKET_SIZE > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        int p = size;
        size += PACKET_SIZE;
        int counter = continuity[pid];
        continuity[pid] = counter + 1 & 0x0F;
        out[p] = SYNC_BYTE;
        out[p + 1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
        out[p + 2] = (byte) pid;
        out[p + 3] = (byte) ((adaptation ? 0x30 : 0x10) | counter); // payload, with or without adaptation field
        return p + HEADER_SIZE;
    }

    /** program_clock_reference_base (33 bits), 6 reserved bits, extension 0. */
    private int writePcr(int p, long base) {
        out[p] = (byte) (base >>> 25);
        out[p + 1] = (byte) (base >>> 17);
        out[p + 2] = (byte) (base >>> 9);
        out[p + 3] = (byte) (base >>> 1);
        out[p + 4] = (byte) ((base & 1) << 7 | 0x7E);
        out[p + 5] = 0;
        return p + PCR_SIZE;
    }
}
