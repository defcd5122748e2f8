package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Rebuilds H.264 access units from RTP payloads of packetization-mode 0 or 1 (RFC 6184): single
 * NAL unit packets, STAP-A aggregates and FU-A fragments. STAP-B, MTAPs and FU-B (interleaved
 * mode) and reserved types are refused as malformed. The output frames NAL units either with
 * 4-byte Annex B start codes or, as MP4 and FLV want them, with 4-byte big-endian lengths (AVCC).
 *
 * <p>It remembers the last SPS and PPS it saw and puts them in front of an IDR access unit that
 * lacks them: an encoder that sends its parameter sets only with its first keyframe still yields a
 * decodable frame at every later keyframe. An IDR with no parameter sets seen at all is unusable.
 * Only one SPS and one PPS are remembered, enough for the single-id streams WebRTC encoders send.
 * {@link #reset} forgets the frame in progress but keeps the parameter sets.
 */
public final class H264Depacketizer implements RtpDepacketizer {
    /** How NAL units are framed in the output. */
    public enum Output {
        /** Each NAL unit after a {@code 00 00 00 01} start code. */
        ANNEX_B,
        /** Each NAL unit after its length as a 32-bit big-endian integer. */
        AVCC
    }

    private static final int NAL_SEI = 6;
    private static final int NAL_AUD = 9;
    private static final int MAX_PARAMETER_SET = 4096;

    private final boolean annexB;
    private final byte[] sps = new byte[MAX_PARAMETER_SET];
    private final byte[] pps = new byte[MAX_PARAMETER_SET];
    private int spsLength;
    private int ppsLength;

    // state of the frame in progress
    private int fragmentAt = -1; // output offset of the prefix of the FU-A NAL unit in progress
    private boolean frameHasNal;
    private boolean frameHasSps;
    private boolean frameHasPps;
    private boolean frameHasIdr;
    private int spsEnd;  // output offset just after the frame's first SPS
    private int leadEnd; // output offset just after a leading access unit delimiter

    public H264Depacketizer(Output output) {
        this.annexB = output == Output.ANNEX_B;
    }

    /**
     * The packet begins with a unit that only the start of an access unit holds: a delimiter, SEI,
     * parameter set, or the first slice of a picture (first_mb_in_slice = 0, a single 1 bit).
     */
    @Override
    public boolean startsFrame(byte[] payload, int off, int len) {
        int type = H264Payload.nalType(payload, off, len);
        int nalType;
        int sliceAt;
        if (type >= 1 && type <= 23) {
            nalType = type;
            sliceAt = off + 1;
        } else if (type == H264Payload.STAP_A) {
            if (len < 4 || Bytes.u16(payload, off + 1) == 0) {
                return false;
            }
            nalType = payload[off + 3] & 0x1F;
            sliceAt = off + 4;
        } else if (type == H264Payload.FU_A) {
            if (len < 3 || (payload[off + 1] & 0x80) == 0) {
                return false;
            }
            nalType = payload[off + 1] & 0x1F;
            sliceAt = off + 2;
        } else {
            return false;
        }
        return switch (nalType) {
            case NAL_SEI, H264Payload.NAL_SPS, H264Payload.NAL_PPS, NAL_AUD -> true;
            case 1, H264Payload.NAL_IDR -> sliceAt < off + len && (payload[sliceAt] & 0x80) != 0;
            default -> false;
        };
    }

    /** The packet holds (the start of) an IDR slice. */
    @Override
    public boolean isKeyframe(byte[] payload, int off, int len) {
        int type = H264Payload.nalType(payload, off, len);
        if (type == H264Payload.NAL_IDR) {
            return true;
        }
        if (type == H264Payload.FU_A) {
            return len >= 2 && (payload[off + 1] & 0x80) != 0 && (payload[off + 1] & 0x1F) == H264Payload.NAL_IDR;
        }
        if (type == H264Payload.STAP_A) {
            int i = off + 1;
            int end = off + len;
            while (i + 2 < end) {
                int size = Bytes.u16(payload, i);
                i += 2;
                if (size == 0 || size > end - i) {
                    return false;
                }
                if ((payload[i] & 0x1F) == H264Payload.NAL_IDR) {
                    return true;
                }
                i += size;
            }
        }
        return false;
    }

    @Override
    public boolean append(byte[] payload, int off, int len, FrameBuffer out) {
        if (!Bytes.inBounds(payload, off, len) || len < 1 || (payload[off] & 0x80) != 0) {
            return false; // empty, or the forbidden bit says the sender saw a syntax violation
        }
        int type = payload[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            return fragmentAt < 0 && writeNal(payload, off, len, out);
        }
        return switch (type) {
            case H264Payload.STAP_A -> fragmentAt < 0 && appendStapA(payload, off, len, out);
            case H264Payload.FU_A -> appendFuA(payload, off, len, out);
            default -> false;
        };
    }

    private boolean appendStapA(byte[] payload, int off, int len, FrameBuffer out) {
        int i = off + 1;
        int end = off + len;
        if (i == end) {
            return false;
        }
        while (i < end) {
            if (end - i < 2) {
                return false;
            }
            int size = Bytes.u16(payload, i);
            i += 2;
            if (size == 0 || size > end - i || !writeNal(payload, i, size, out)) {
                return false;
            }
            i += size;
        }
        return true;
    }

    private boolean appendFuA(byte[] payload, int off, int len, FrameBuffer out) {
        if (len < 3) {
            return false;
        }
        int fu = payload[off + 1] & 0xFF;
        boolean start = (fu & 0x80) != 0;
        boolean end = (fu & 0x40) != 0;
        int nalType = fu & 0x1F;
        if (start && end || nalType < 1 || nalType > 23) {
            return false;
        }
        if (start) {
            if (fragmentAt >= 0) {
                return false; // the previous fragmented unit never ended
            }
            fragmentAt = out.length();
            if (!out.appendInt(annexB ? 1 : 0) || !out.appendByte((payload[off] & 0xE0) | nalType)) {
                return false;
            }
        } else if (fragmentAt < 0 || (out.data()[fragmentAt + 4] & 0x1F) != nalType) {
            return false; // a fragment without its start
        }
        if (!out.append(payload, off + 2, len - 2)) {
            return false;
        }
        if (end) {
            completeNal(out, fragmentAt);
            fragmentAt = -1;
        }
        return true;
    }

    private boolean writeNal(byte[] buf, int at, int size, FrameBuffer out) {
        int type = buf[at] & 0x1F;
        if (type < 1 || type > 23 || (buf[at] & 0x80) != 0) {
            return false;
        }
        int prefixAt = out.length();
        if (!out.appendInt(annexB ? 1 : size) || !out.append(buf, at, size)) {
            return false;
        }
        completeNal(out, prefixAt);
        return true;
    }

    private void completeNal(FrameBuffer out, int prefixAt) {
        byte[] data = out.data();
        int size = out.length() - prefixAt - 4;
        if (!annexB) {
            Bytes.put32(data, prefixAt, size);
        }
        int nalAt = prefixAt + 4;
        switch (data[nalAt] & 0x1F) {
            case H264Payload.NAL_SPS -> {
                if (!frameHasSps) {
                    frameHasSps = true;
                    spsEnd = out.length();
                }
                spsLength = remember(data, nalAt, size, sps, spsLength);
            }
            case H264Payload.NAL_PPS -> {
                frameHasPps = true;
                ppsLength = remember(data, nalAt, size, pps, ppsLength);
            }
            case H264Payload.NAL_IDR -> frameHasIdr = true;
            case NAL_AUD -> {
                if (prefixAt == 0) {
                    leadEnd = out.length();
                }
            }
            default -> {
            }
        }
        frameHasNal = true;
    }

    private static int remember(byte[] src, int at, int size, byte[] into, int previousLength) {
        if (size < 2 || size > into.length) {
            return previousLength;
        }
        System.arraycopy(src, at, into, 0, size);
        return size;
    }

    @Override
    public boolean finish(FrameBuffer frame, boolean keyframe) {
        boolean ok = fragmentAt < 0 && frameHasNal;
        if (ok && frameHasIdr && (!frameHasSps || !frameHasPps)) {
            ok = insertParameterSets(frame);
        }
        reset();
        return ok;
    }

    /** Puts the remembered SPS and/or PPS in front of the IDR, in SPS-then-PPS order. */
    private boolean insertParameterSets(FrameBuffer frame) {
        if (!frameHasSps && spsLength == 0 || !frameHasPps && ppsLength == 0) {
            return false;
        }
        if (!frameHasPps && !insertNal(frame, frameHasSps ? spsEnd : leadEnd, pps, ppsLength)) {
            return false;
        }
        return frameHasSps || insertNal(frame, leadEnd, sps, spsLength);
    }

    private boolean insertNal(FrameBuffer frame, int at, byte[] nal, int size) {
        if (!frame.insertGap(at, 4 + size)) {
            return false;
        }
        byte[] data = frame.data();
        Bytes.put32(data, at, annexB ? 1 : size);
        System.arraycopy(nal, 0, data, at + 4, size);
        return true;
    }

    /** Forgets the frame in progress; the remembered parameter sets stay. */
    @Override
    public void reset() {
        fragmentAt = -1;
        frameHasNal = false;
        frameHasSps = false;
        frameHasPps = false;
        frameHasIdr = false;
        spsEnd = 0;
        leadEnd = 0;
    }
}
