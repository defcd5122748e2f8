package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Rebuilds AV1 temporal units from RTP payloads (AV1 RTP payload specification §4): joins OBU
 * fragments across payloads (Z and Y bits), gives every OBU its obu_size field back (shortest
 * LEB128) and starts the unit with a temporal delimiter OBU, so the output is a temporal unit in
 * the low-overhead bitstream format (AV1 specification §5) that a decoder or muxer takes as is.
 * Temporal delimiters and tile lists received are ignored, as the payload specification asks; an
 * OBU that arrives with its size field keeps it when the size matches.
 */
public final class Av1Depacketizer implements RtpDepacketizer {
    private static final byte[] TEMPORAL_DELIMITER = {0x12, 0x00};

    // state of the frame in progress
    private boolean started;
    private int obuAt = -1;      // output offset of the OBU being assembled
    private boolean obuContinues; // the last payload's last element continues in the next payload

    /** The first payload of a coded video sequence (N), or one opening with a sequence header. */
    @Override
    public boolean startsFrame(byte[] payload, int off, int len) {
        if (!Bytes.inBounds(payload, off, len) || len < 2 || (payload[off] & 0x80) != 0) {
            return false;
        }
        if ((payload[off] & 0x08) != 0) {
            return true;
        }
        int at = off + 1;
        if ((payload[off] & 0x30) != 0x10) { // unless W = 1, the first element has a length prefix
            long read = Leb128.read(payload, at, off + len);
            if (read < 0) {
                return false;
            }
            at += Leb128.readBytes(read);
        }
        if (at >= off + len) {
            return false;
        }
        int type = Av1Obu.type(payload[at] & 0xFF);
        return type == Av1Obu.SEQUENCE_HEADER || type == Av1Obu.TEMPORAL_DELIMITER;
    }

    @Override
    public boolean isKeyframe(byte[] payload, int off, int len) {
        return Av1Payload.isKeyframe(payload, off, len);
    }

    @Override
    public boolean append(byte[] payload, int off, int len, FrameBuffer out) {
        if (!Bytes.inBounds(payload, off, len) || len < 2) {
            return false;
        }
        int aggregation = payload[off] & 0xFF;
        boolean z = (aggregation & 0x80) != 0;
        boolean y = (aggregation & 0x40) != 0;
        int w = (aggregation >>> 4) & 0x03;
        if (z != obuContinues) {
            return false; // a continuation without its start, or a start while an OBU is still open
        }
        if (!started) {
            if (!out.append(TEMPORAL_DELIMITER, 0, TEMPORAL_DELIMITER.length)) {
                return false;
            }
            started = true;
        }
        int at = off + 1;
        int end = off + len;
        int elements = 0;
        while (at < end) {
            elements++;
            int size;
            if (w != 0 && elements == w) {
                size = end - at;
            } else {
                long read = Leb128.read(payload, at, end);
                if (read < 0 || Leb128.readValue(read) > end - at - Leb128.readBytes(read)) {
                    return false;
                }
                at += Leb128.readBytes(read);
                size = (int) Leb128.readValue(read);
            }
            if (size == 0) {
                return false;
            }
            boolean last = at + size == end;
            if (elements > 1 || !z) {
                obuAt = out.length();
            }
            if (!out.append(payload, at, size)) {
                return false;
            }
            at += size;
            if (last && y) {
                obuContinues = true;
            } else {
                obuContinues = false;
                if (!completeObu(out)) {
                    return false;
                }
            }
        }
        return elements > 0 && (w == 0 || elements == w);
    }

    /** Restores the size field of the OBU at {@code obuAt}, or drops it when the format leaves it out. */
    private boolean completeObu(FrameBuffer out) {
        int total = out.length() - obuAt;
        byte[] data = out.data();
        int header = data[obuAt] & 0xFF;
        int headerLength = Av1Obu.headerLength(header);
        if ((header & Av1Obu.FORBIDDEN_BIT) != 0 || total < headerLength) {
            return false;
        }
        if (Av1Obu.isDroppedInRtp(Av1Obu.type(header))) {
            out.truncate(obuAt);
            return true;
        }
        int payloadAt = obuAt + headerLength;
        int payloadLength = total - headerLength;
        if ((header & Av1Obu.HAS_SIZE_FLAG) != 0) {
            long read = Leb128.read(data, payloadAt, out.length());
            return read >= 0 && Leb128.readValue(read) == payloadLength - Leb128.readBytes(read);
        }
        int sizeLength = Leb128.size(payloadLength);
        if (!out.insertGap(payloadAt, sizeLength)) {
            return false;
        }
        data = out.data();
        Leb128.write(data, payloadAt, payloadLength);
        data[obuAt] = (byte) (header | Av1Obu.HAS_SIZE_FLAG);
        return true;
    }

    @Override
    public boolean finish(FrameBuffer frame, boolean keyframe) {
        boolean ok = started && !obuContinues && frame.length() > TEMPORAL_DELIMITER.length;
        reset();
        return ok;
    }

    @Override
    public void reset() {
        started = false;
        obuAt = -1;
        obuContinues = false;
    }
}
