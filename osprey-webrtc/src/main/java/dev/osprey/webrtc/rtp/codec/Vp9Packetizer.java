package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;
import java.util.Objects;

/**
 * Splits raw VP9 frames into RTP payloads (RFC 9628) in non-flexible mode without layer indices:
 * each descriptor carries I=1 with a 15-bit picture id that increments per frame, B on the first
 * and E on the last payload, and P=0 only for keyframes (so {@link Vp9Payload#isKeyframe} detects
 * them). When asked, a keyframe's first payload also carries a scalability structure (V=1: one
 * spatial layer, with the picture size read from the frame header when it parses).
 *
 * <p>Only single-layer streams: spatial layers (SVC) are not split into layer frames, and a
 * superframe is sent as one frame. One instance per outgoing stream; not thread-safe.
 */
public final class Vp9Packetizer implements RtpPacketizer {
    private static final int HEADER = 3;

    private final int maxPayload;
    private final boolean scalabilityStructure;
    private final byte[] buf;
    private final Vp9FrameSize frameSize = new Vp9FrameSize();
    private int pictureId;

    /**
     * @param scalabilityStructure whether keyframes carry a scalability structure (SS) in their first payload
     */
    public Vp9Packetizer(int maxPayload, int firstPictureId, boolean scalabilityStructure) {
        if (maxPayload < 32) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.scalabilityStructure = scalabilityStructure;
        this.buf = new byte[maxPayload];
        this.pictureId = firstPictureId & 0x7FFF;
    }

    /** The picture id the next frame will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, boolean keyframe, PayloadSink sink) {
        Objects.checkFromIndexSize(off, len, frame.length);
        if (len == 0) {
            return 0;
        }
        int size = keyframe && scalabilityStructure ? frameSize.ofKeyframe(frame, off, len) : -1;
        int ssLength = !keyframe || !scalabilityStructure ? 0 : size < 0 ? 1 : 5;
        int count = BalancedSplit.count(len, ssLength, maxPayload - HEADER);
        int pos = off;
        for (int i = 0; i < count; i++) {
            int n = BalancedSplit.size(len, ssLength, count, i);
            boolean first = i == 0;
            boolean last = i == count - 1;
            int b0 = 0x80;                 // I: picture id present
            if (!keyframe) {
                b0 |= 0x40;                // P: predicted from an earlier picture
            }
            if (first) {
                b0 |= 0x08;                // B: start of the frame
            }
            if (last) {
                b0 |= 0x04;                // E: end of the frame
            }
            int at = HEADER;
            if (first && ssLength > 0) {
                b0 |= 0x02;                // V: scalability structure follows
                buf[at++] = (byte) (size < 0 ? 0x00 : 0x10); // N_S=0 (one layer), Y: sizes present, G=0
                if (size >= 0) {
                    Bytes.put16(buf, at, size >>> 16);
                    Bytes.put16(buf, at + 2, size & 0xFFFF);
                    at += 4;
                }
            }
            buf[0] = (byte) b0;
            Bytes.put16(buf, 1, 0x8000 | pictureId); // M: 15-bit picture id
            System.arraycopy(frame, pos, buf, at, n);
            pos += n;
            sink.payload(buf, 0, at + n, last);
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        return count;
    }
}
