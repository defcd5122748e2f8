package dev.osprey.record.hls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads transport packets back for the tests, independently of the writer's code. */
final class TsTestDemux {
    /** One 188-byte packet's header fields, adaptation field and payload. */
    record Packet(int pid, boolean unitStart, int continuity, byte[] adaptation, byte[] payload) {
        boolean randomAccess() {
            return adaptation.length > 0 && (adaptation[0] & 0x40) != 0;
        }

        /** The PCR base, or -1 when the adaptation field carries none. */
        long pcr() {
            if (adaptation.length < 7 || (adaptation[0] & 0x10) == 0) {
                return -1;
            }
            long base = 0;
            for (int i = 1; i <= 4; i++) {
                base = base << 8 | adaptation[i] & 0xFF;
            }
            return base << 1 | (adaptation[5] & 0xFF) >> 7;
        }
    }

    /** One PES packet reassembled from its transport packets. */
    record Pes(int pid, byte[] bytes, Packet first) {
        int streamId() {
            return bytes[3] & 0xFF;
        }

        int packetLength() {
            return (bytes[4] & 0xFF) << 8 | bytes[5] & 0xFF;
        }

        long pts() {
            byte[] b = bytes;
            return ((long) (b[9] & 0x0E) << 29) | (b[10] & 0xFF) << 22 | (b[11] & 0xFE) << 14 | (b[12] & 0xFF) << 7
                    | (b[13] & 0xFF) >> 1;
        }

        /** What follows the PES header. */
        byte[] data() {
            return Arrays.copyOfRange(bytes, 9 + (bytes[8] & 0xFF), bytes.length);
        }
    }

    private TsTestDemux() {
    }

    static List<Packet> packets(byte[] ts) {
        if (ts.length % 188 != 0) {
            throw new AssertionError("not a whole number of packets: " + ts.length + " bytes");
        }
        List<Packet> packets = new ArrayList<>();
        for (int p = 0; p < ts.length; p += 188) {
            if (ts[p] != 0x47) {
                throw new AssertionError("no sync byte at " + p);
            }
            int pid = (ts[p + 1] & 0x1F) << 8 | ts[p + 2] & 0xFF;
            int control = (ts[p + 3] & 0x30) >> 4;
            int body = p + 4;
            byte[] adaptation = new byte[0];
            if ((control & 2) != 0) {
                int length = ts[body] & 0xFF;
                adaptation = Arrays.copyOfRange(ts, body + 1, body + 1 + length);
                body += 1 + length;
            }
            byte[] payload = (control & 1) != 0 ? Arrays.copyOfRange(ts, body, p + 188) : new byte[0];
            packets.add(new Packet(pid, (ts[p + 1] & 0x40) != 0, ts[p + 3] & 0x0F, adaptation, payload));
        }
        return packets;
    }

    /** The PES packets on {@code pid}, in order. */
    static List<Pes> pes(List<Packet> packets, int pid) {
        List<Pes> all = new ArrayList<>();
        ByteArrayOutputStream current = null;
        Packet first = null;
        for (Packet packet : packets) {
            if (packet.pid() != pid) {
                continue;
            }
            if (packet.unitStart()) {
                if (current != null) {
                    all.add(new Pes(pid, current.toByteArray(), first));
                }
                current = new ByteArrayOutputStream();
                first = packet;
            }
            if (current != null) {
                current.writeBytes(packet.payload());
            }
        }
        if (current != null) {
            all.add(new Pes(pid, current.toByteArray(), first));
        }
        return all;
    }

    /** The section a packet carries (after its pointer_field), cut to section_length. */
    static byte[] section(Packet packet) {
        byte[] p = packet.payload();
        int start = 1 + (p[0] & 0xFF);
        int length = (p[start + 1] & 0x0F) << 8 | p[start + 2] & 0xFF;
        return Arrays.copyOfRange(p, start, start + 3 + length);
    }

    /** CRC-32/MPEG-2 bit by bit, as a check on the writer's table-driven one. */
    static int crc(byte[] data, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean top = (crc >>> 31 ^ data[i] >> bit & 1) != 0;
                crc <<= 1;
                if (top) {
                    crc ^= 0x04C11DB7;
                }
            }
        }
        return crc;
    }
}
