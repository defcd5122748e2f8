package dev.osprey.loadtest.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one H.264 access unit in Annex-B form into RTP payloads for packetization-mode=1
 * (RFC 6184): SPS and PPS together in one STAP-A, other NAL units as single NAL unit packets when
 * they fit, else as FU-A fragments. Access unit delimiters are dropped (RFC 6184 §5.1 leaves them
 * optional and WebRTC receivers ignore them).
 */
public final class H264Packetizer {
    static final int STAP_A = 24;
    static final int FU_A = 28;

    private H264Packetizer() {
    }

    public static List<byte[]> packetize(byte[] accessUnit, int maxPayload) {
        if (maxPayload < 16) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        List<byte[]> nals = splitAnnexB(accessUnit);
        List<byte[]> out = new ArrayList<>();
        List<byte[]> parameterSets = new ArrayList<>();
        for (byte[] nal : nals) {
            int type = nal[0] & 0x1F;
            if (type == 9) {
                continue;
            }
            if (type == 7 || type == 8) {
                parameterSets.add(nal);
                continue;
            }
            flushParameterSets(parameterSets, out, maxPayload);
            if (nal.length <= maxPayload) {
                out.add(nal);
            } else {
                fragment(nal, maxPayload, out);
            }
        }
        flushParameterSets(parameterSets, out, maxPayload);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("access unit without NAL units");
        }
        return out;
    }

    /** NAL units between Annex-B start codes (00 00 01 or 00 00 00 01), without them. */
    public static List<byte[]> splitAnnexB(byte[] data) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < data.length) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    addNal(nals, data, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addNal(nals, data, start, data.length);
        }
        return nals;
    }

    private static void addNal(List<byte[]> nals, byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) {
            to--; // the leading zero of a 4-byte start code (or trailing zeros) is not part of the NAL
        }
        if (to > from) {
            byte[] nal = new byte[to - from];
            System.arraycopy(data, from, nal, 0, nal.length);
            nals.add(nal);
        }
    }

    private static void flushParameterSets(List<byte[]> sets, List<byte[]> out, int maxPayload) {
        if (sets.isEmpty()) {
            return;
        }
        int size = 1;
        int nri = 0;
        for (byte[] s : sets) {
            size += 2 + s.length;
            nri = Math.max(nri, s[0] & 0x60);
        }
        if (size > maxPayload) {
            for (byte[] s : sets) {
                if (s.length <= maxPayload) {
                    out.add(s);
                } else {
                    fragment(s, maxPayload, out);
                }
            }
        } else {
            ByteArrayOutputStream stap = new ByteArrayOutputStream(size);
            stap.write(nri | STAP_A);
            for (byte[] s : sets) {
                stap.write(s.length >> 8);
                stap.write(s.length);
                stap.write(s, 0, s.length);
            }
            out.add(stap.toByteArray());
        }
        sets.clear();
    }

    private static void fragment(byte[] nal, int maxPayload, List<byte[]> out) {
        int indicator = (nal[0] & 0xE0) | FU_A;
        int type = nal[0] & 0x1F;
        int chunk = maxPayload - 2;
        for (int pos = 1; pos < nal.length; pos += chunk) {
            int n = Math.min(chunk, nal.length - pos);
            byte[] p = new byte[2 + n];
            p[0] = (byte) indicator;
            int header = type;
            if (pos == 1) {
                header |= 0x80;
            }
            if (pos + n == nal.length) {
                header |= 0x40;
            }
            p[1] = (byte) header;
            System.arraycopy(nal, pos, p, 2, n);
            out.add(p);
        }
    }
}
