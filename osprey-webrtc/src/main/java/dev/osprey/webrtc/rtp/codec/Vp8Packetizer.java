package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;
import java.util.Objects;

/**
 * Splits raw VP8 frames (as stored in IVF or WebM) into RTP payloads (RFC 7741 §4). Every payload
 * starts with a 4-byte descriptor: X=1, S=1 and PID=0 on the first one, then I=1 with a 15-bit
 * picture id (M=1) that increments per frame. Payloads are balanced in size. The descriptor's N
 * bit and the temporal-layer fields are not used: the frame is one non-scalable picture.
 *
 * <p>One instance per outgoing stream, since it numbers that stream's pictures; not thread-safe.
 */
public final class Vp8Packetizer implements RtpPacketizer {
    public static final int DESCRIPTOR_LENGTH = 4;

    private final int maxPayload;
    private final byte[] buf;
    private int pictureId;

    public Vp8Packetizer(int maxPayload, int firstPictureId) {
        if (maxPayload < 2 * DESCRIPTOR_LENGTH) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
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
        int count = BalancedSplit.count(len, 0, maxPayload - DESCRIPTOR_LENGTH);
        int pos = off;
        for (int i = 0; i < count; i++) {
            int n = BalancedSplit.size(len, 0, count, i);
            buf[0] = (byte) (i == 0 ? 0x90 : 0x80); // X, and S with PID 0 on the frame's first packet
            buf[1] = (byte) 0x80;                   // I: picture id present
            Bytes.put16(buf, 2, 0x8000 | pictureId); // M: 15-bit picture id
            System.arraycopy(frame, pos, buf, DESCRIPTOR_LENGTH, n);
            pos += n;
            sink.payload(buf, 0, DESCRIPTOR_LENGTH + n, i == count - 1);
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        return count;
    }
}
