package dev.osprey.ingest.ts;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Writes small transport streams by hand, for cases an encoder does not produce on demand. */
final class TestTsWriter {
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;
    /** An access unit: an access unit delimiter and an IDR slice (H.264). */
    static final byte[] IDR = {0, 0, 0, 1, 9, (byte) 0xF0, 0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x33};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int[] counters = new int[8192];

    TestTsWriter pat(int version) {
        return pat(version, PMT_PID, true);
    }

    TestTsWriter pat(int version, int pmtPid, boolean goodCrc) {
        byte[] body = {0, 1, (byte) (0xE0 | (pmtPid >>> 8)), (byte) pmtPid};
        return section(0, sectionBytes(0x00, 1, version, body, goodCrc));
    }

    /** A PMT of program 1; each stream is {stream_type, pid}. */
    TestTsWriter pmt(int pmtPid, int version, int[]... streams) {
        return section(pmtPid, pmtSection(version, streams));
    }

    /** The bytes of a PMT section of program 1, CRC included. */
    static byte[] pmtSection(int version, int[]... streams) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int pcrPid = streams.length > 0 ? streams[0][1] : 0x1FFF;
        body.writeBytes(new byte[] {(byte) (0xE0 | (pcrPid >>> 8)), (byte) pcrPid, (byte) 0xF0, 0});
        for (int[] stream : streams) {
            body.writeBytes(new byte[] {(byte) stream[0], (byte) (0xE0 | (stream[1] >>> 8)), (byte) stream[1],
                (byte) 0xF0, 0});
        }
        return sectionBytes(0x02, 1, version, body.toByteArray(), true);
    }

    TestTsWriter h264AndAacProgram() {
        return pat(0).pmt(PMT_PID, 0, new int[] {0x1B, VIDEO_PID}, new int[] {0x0F, AUDIO_PID});
    }

    /** A PES with a PTS (and a DTS unless it is negative); unbounded length when {@code bounded} is false. */
    TestTsWriter pes(int pid, long pts, long dts, byte[] payload, boolean bounded) {
        packets(pid, pesBytes(pid == AUDIO_PID ? 0xC0 : 0xE0, pts, dts, payload, bounded), -1);
        return this;
    }

    static byte[] pesBytes(int streamId, long pts, long dts, byte[] payload, boolean bounded) {
        int headerData = dts >= 0 ? 10 : 5;
        int packetLength = bounded ? 3 + headerData + payload.length : 0;
        ByteArrayOutputStream pes = new ByteArrayOutputStream();
        pes.writeBytes(new byte[] {0, 0, 1, (byte) streamId, (byte) (packetLength >>> 8), (byte) packetLength,
            (byte) 0x80, (byte) (dts >= 0 ? 0xC0 : 0x80), (byte) headerData});
        pes.writeBytes(timestamp(dts >= 0 ? 0x3 : 0x2, pts));
        if (dts >= 0) {
            pes.writeBytes(timestamp(0x1, dts));
        }
        pes.writeBytes(payload);
        return pes.toByteArray();
    }

    /**
     * Cuts {@code data} into packets on {@code pid}, the first with payload_unit_start; the packet
     * numbered {@code skip} (from 0) is left out, as if lost.
     */
    TestTsWriter packets(int pid, byte[] data, int skip) {
        int position = 0;
        int index = 0;
        while (position < data.length) {
            int length = Math.min(184, data.length - position);
            byte[] packet = packet(pid, position == 0, data, position, length, false);
            if (index != skip) {
                out.writeBytes(packet);
            }
            position += length;
            index++;
        }
        return this;
    }

    /** One packet; {@code discontinuity} sets the adaptation field's discontinuity_indicator. */
    byte[] packet(int pid, boolean unitStart, byte[] data, int offset, int length, boolean discontinuity) {
        byte[] packet = new byte[188];
        int counter = counters[pid];
        counters[pid] = (counter + 1) & 0xF;
        boolean adaptation = length < 184 || discontinuity;
        packet[0] = 0x47;
        packet[1] = (byte) ((unitStart ? 0x40 : 0) | (pid >>> 8));
        packet[2] = (byte) pid;
        packet[3] = (byte) ((adaptation ? 0x30 : 0x10) | counter);
        int position = 4;
        if (adaptation) {
            int adaptationLength = 183 - length;
            packet[4] = (byte) adaptationLength;
            if (adaptationLength > 0) {
                packet[5] = (byte) (discontinuity ? 0x80 : 0);
                Arrays.fill(packet, 6, 5 + adaptationLength, (byte) 0xFF);
            }
            position = 5 + adaptationLength;
        }
        System.arraycopy(data, offset, packet, position, length);
        return packet;
    }

    TestTsWriter raw(byte[] packet) {
        out.writeBytes(packet);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** An ADTS frame (MPEG-4, AAC-LC, no CRC) with {@code payloadLength} bytes after the header. */
    static byte[] adtsFrame(int sampleRateIndex, int channels, int payloadLength, int fill) {
        int frameLength = 7 + payloadLength;
        byte[] frame = new byte[frameLength];
        frame[0] = (byte) 0xFF;
        frame[1] = (byte) 0xF1;
        frame[2] = (byte) ((1 << 6) | (sampleRateIndex << 2) | (channels >>> 2));
        frame[3] = (byte) (((channels & 3) << 6) | (frameLength >>> 11));
        frame[4] = (byte) (frameLength >>> 3);
        frame[5] = (byte) (((frameLength & 7) << 5) | 0x1F);
        frame[6] = (byte) 0xFC;
        Arrays.fill(frame, 7, frameLength, (byte) fill);
        return frame;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    private TestTsWriter section(int pid, byte[] section) {
        byte[] payload = new byte[184];
        Arrays.fill(payload, (byte) 0xFF);
        payload[0] = 0; // pointer_field
        System.arraycopy(section, 0, payload, 1, section.length);
        out.writeBytes(packet(pid, true, payload, 0, 184, false));
        return this;
    }

    private static byte[] sectionBytes(int tableId, int id, int version, byte[] body, boolean goodCrc) {
        int sectionLength = 5 + body.length + 4;
        byte[] section = new byte[3 + sectionLength];
        section[0] = (byte) tableId;
        section[1] = (byte) (0xB0 | (sectionLength >>> 8));
        section[2] = (byte) sectionLength;
        section[3] = (byte) (id >>> 8);
        section[4] = (byte) id;
        section[5] = (byte) (0xC1 | (version << 1));
        System.arraycopy(body, 0, section, 8, body.length);
        int crc = crc(section, section.length - 4) ^ (goodCrc ? 0 : 1);
        for (int i = 0; i < 4; i++) {
            section[section.length - 4 + i] = (byte) (crc >>> (24 - 8 * i));
        }
        return section;
    }

    /** CRC-32/MPEG-2, bit by bit: written apart from the demuxer's table-driven one. */
    private static int crc(byte[] data, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean top = ((crc >>> 31) ^ ((data[i] >>> bit) & 1)) != 0;
                crc <<= 1;
                if (top) {
                    crc ^= 0x04C11DB7;
                }
            }
        }
        return crc;
    }

    private static byte[] timestamp(int prefix, long value) {
        return new byte[] {
            (byte) ((prefix << 4) | (((value >>> 30) & 0x07) << 1) | 1),
            (byte) (value >>> 22),
            (byte) ((((value >>> 15) & 0x7F) << 1) | 1),
            (byte) (value >>> 7),
            (byte) (((value & 0x7F) << 1) | 1)
        };
    }
}
