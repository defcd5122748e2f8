package dev.osprey.webrtc.rtp.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Splits H.264 access units in Annex B form (start codes of 3 or 4 bytes) into RTP payloads for
 * packetization-mode 1 (RFC 6184): consecutive parameter sets (SPS, PPS) aggregated in one STAP-A,
 * other NAL units as single NAL unit packets when they fit, else as FU-A fragments of balanced
 * size. Access unit delimiters are dropped: RFC 6184 leaves them optional and WebRTC receivers
 * ignore them. Bytes before the first start code and zero bytes trailing a NAL unit are not part
 * of any NAL unit.
 *
 * <p>Not thread-safe; allocation-free once its NAL unit table has grown to the largest access unit.
 */
public final class H264Packetizer implements RtpPacketizer {
    private static final int NAL_AUD = 9;

    private final int maxPayload;
    // The payload being built and the one before it, which is sent once it is known not to be the last.
    private byte[] current;
    private byte[] pending;
    private int pendingLength = -1;
    private PayloadSink sink;
    private int emitted;
    private int[] nalStart = new int[16];
    private int[] nalEnd = new int[16];
    private int nalCount;

    public H264Packetizer(int maxPayload) {
        if (maxPayload < 16) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.current = new byte[maxPayload];
        this.pending = new byte[maxPayload];
    }

    @Override
    public int packetize(byte[] frame, int off, int len, boolean keyframe, PayloadSink sink) {
        Objects.checkFromIndexSize(off, len, frame.length);
        findNalUnits(frame, off, len);
        this.sink = sink;
        this.emitted = 0;
        this.pendingLength = -1;
        try {
            int i = 0;
            while (i < nalCount) {
                int aggregated = parameterSetRun(frame, i);
                if (aggregated >= 2) {
                    sendStapA(frame, i, i + aggregated);
                    i += aggregated;
                } else {
                    sendNal(frame, nalStart[i], nalEnd[i] - nalStart[i]);
                    i++;
                }
            }
            if (pendingLength >= 0) {
                sink.payload(pending, 0, pendingLength, true);
                emitted++;
            }
            return emitted;
        } finally {
            this.sink = null;
        }
    }

    /** How many parameter sets from NAL unit {@code first} on fit together in one STAP-A. */
    private int parameterSetRun(byte[] frame, int first) {
        int size = 1;
        int n = 0;
        for (int i = first; i < nalCount && isParameterSet(frame[nalStart[i]] & 0x1F); i++) {
            size += 2 + nalEnd[i] - nalStart[i];
            if (size > maxPayload) {
                break;
            }
            n++;
        }
        return n;
    }

    private static boolean isParameterSet(int type) {
        return type == H264Payload.NAL_SPS || type == H264Payload.NAL_PPS;
    }

    private void sendStapA(byte[] frame, int from, int to) {
        byte[] out = current;
        int nri = 0;
        int forbidden = 0;
        int at = 1;
        for (int i = from; i < to; i++) {
            int size = nalEnd[i] - nalStart[i];
            nri = Math.max(nri, frame[nalStart[i]] & 0x60);
            forbidden |= frame[nalStart[i]] & 0x80;
            out[at] = (byte) (size >>> 8);
            out[at + 1] = (byte) size;
            System.arraycopy(frame, nalStart[i], out, at + 2, size);
            at += 2 + size;
        }
        out[0] = (byte) (forbidden | nri | H264Payload.STAP_A);
        push(at);
    }

    private void sendNal(byte[] frame, int start, int size) {
        if (size <= maxPayload) {
            System.arraycopy(frame, start, current, 0, size);
            push(size);
            return;
        }
        int header = frame[start] & 0xFF;
        int indicator = (header & 0xE0) | H264Payload.FU_A;
        int type = header & 0x1F;
        int body = size - 1;
        int count = BalancedSplit.count(body, 0, maxPayload - 2);
        int pos = start + 1;
        for (int i = 0; i < count; i++) {
            int n = BalancedSplit.size(body, 0, count, i);
            current[0] = (byte) indicator;
            current[1] = (byte) ((i == 0 ? 0x80 : 0) | (i == count - 1 ? 0x40 : 0) | type);
            System.arraycopy(frame, pos, current, 2, n);
            pos += n;
            push(2 + n);
        }
    }

    /** Sends the previous payload (now known not to be the last) and keeps this one back. */
    private void push(int length) {
        if (pendingLength >= 0) {
            sink.payload(pending, 0, pendingLength, false);
            emitted++;
        }
        byte[] t = pending;
        pending = current;
        current = t;
        pendingLength = length;
    }

    /** Fills the NAL unit table with the units between Annex B start codes, without AUDs. */
    private void findNalUnits(byte[] b, int off, int len) {
        nalCount = 0;
        int end = off + len;
        int start = -1;
        int i = off;
        while (i + 2 < end) {
            if ((b[i + 2] & 0xFF) > 1) {
                i += 3; // no start code can begin at i, i+1 or i+2
            } else if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    addNal(b, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addNal(b, start, end);
        }
    }

    private void addNal(byte[] b, int from, int to) {
        while (to > from && b[to - 1] == 0) {
            to--; // the first zero of a 4-byte start code, or trailing_zero_8bits
        }
        if (to == from || (b[from] & 0x1F) == NAL_AUD) {
            return;
        }
        if (nalCount == nalStart.length) {
            nalStart = Arrays.copyOf(nalStart, nalCount * 2);
            nalEnd = Arrays.copyOf(nalEnd, nalCount * 2);
        }
        nalStart[nalCount] = from;
        nalEnd[nalCount] = to;
        nalCount++;
    }
}
