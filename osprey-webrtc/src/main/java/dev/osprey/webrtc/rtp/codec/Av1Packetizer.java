package dev.osprey.webrtc.rtp.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Splits AV1 temporal units into RTP payloads (AV1 RTP payload specification §4). A frame is one
 * temporal unit in the low-overhead bitstream format (AV1 specification §5: OBUs that carry
 * obu_size; only the last may omit it). Temporal delimiters and tile lists are not sent; every
 * other OBU becomes one OBU element without its size field (obu_has_size_field cleared).
 *
 * <p>Elements are packed greedily: each payload is an aggregation header followed by as many
 * elements as fit, an element that does not fit being fragmented across payloads (Z and Y bits).
 * W gives the element count when it is at most 3 (the last element then goes without its length
 * prefix), else 0 with every element length-prefixed. N is set on the first payload of a keyframe
 * that carries a sequence header, i.e. starts a coded video sequence.
 *
 * <p>Not thread-safe; allocation-free once its OBU table has grown to the largest temporal unit.
 */
public final class Av1Packetizer implements RtpPacketizer {
    /** A packet's free space smaller than this is not worth starting a fragment in. */
    private static final int MIN_FRAGMENT = 16;

    private final int maxPayload;
    private final byte[] buf;
    private int[] obuAt = new int[8];
    private int[] obuHeaderLength = new int[8];
    private int[] obuPayloadAt = new int[8];
    private int[] obuPayloadLength = new int[8];
    private int obuCount;
    private boolean hasSequenceHeader;
    // The elements (or element fragments) planned for the payload being built.
    private final int[] planObu;
    private final int[] planFrom;
    private final int[] planLength;

    public Av1Packetizer(int maxPayload) {
        if (maxPayload < 8) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.buf = new byte[maxPayload];
        // every element takes at least 2 bytes (length prefix and header), but the last may skip its prefix
        int maxElements = maxPayload / 2 + 1;
        this.planObu = new int[maxElements];
        this.planFrom = new int[maxElements];
        this.planLength = new int[maxElements];
    }

    @Override
    public int packetize(byte[] frame, int off, int len, boolean keyframe, PayloadSink sink) {
        Objects.checkFromIndexSize(off, len, frame.length);
        if (!parse(frame, off, len) || obuCount == 0) {
            return 0;
        }
        boolean newSequence = keyframe && hasSequenceHeader;
        int obu = 0;
        int consumed = 0; // bytes of element `obu` already sent
        int packets = 0;
        while (obu < obuCount) {
            boolean continues = consumed > 0;
            boolean fragmented = false;
            int space = maxPayload - 1;
            int k = 0;
            while (obu < obuCount) {
                int remaining = elementLength(obu) - consumed;
                int need = Leb128.size(remaining) + remaining;
                if (need <= space) {
                    plan(k++, obu, consumed, remaining);
                    space -= need;
                    obu++;
                    consumed = 0;
                    continue;
                }
                int take = space - Leb128.size(space);
                if (take >= 1 && (k == 0 || take >= MIN_FRAGMENT)) {
                    plan(k++, obu, consumed, take);
                    consumed += take;
                    fragmented = true;
                }
                break;
            }
            int w = k <= 3 ? k : 0;
            buf[0] = (byte) ((continues ? 0x80 : 0) | (fragmented ? 0x40 : 0) | w << 4
                    | (packets == 0 && newSequence ? 0x08 : 0));
            int at = 1;
            for (int e = 0; e < k; e++) {
                if (w == 0 || e < k - 1) {
                    at += Leb128.write(buf, at, planLength[e]);
                }
                at = writeElement(frame, planObu[e], planFrom[e], planLength[e], at);
            }
            packets++;
            sink.payload(buf, 0, at, obu == obuCount);
        }
        return packets;
    }

    private int elementLength(int obu) {
        return obuHeaderLength[obu] + obuPayloadLength[obu];
    }

    private void plan(int k, int obu, int from, int length) {
        planObu[k] = obu;
        planFrom[k] = from;
        planLength[k] = length;
    }

    /** Copies bytes {@code [from, from+n)} of an element: the header without its size flag, then the payload. */
    private int writeElement(byte[] frame, int obu, int from, int n, int at) {
        int headerLength = obuHeaderLength[obu];
        int end = from + n;
        int pos = from;
        for (; pos < end && pos < headerLength; pos++) {
            int b = frame[obuAt[obu] + pos];
            buf[at++] = (byte) (pos == 0 ? b & ~Av1Obu.HAS_SIZE_FLAG : b);
        }
        if (pos < end) {
            System.arraycopy(frame, obuPayloadAt[obu] + pos - headerLength, buf, at, end - pos);
            at += end - pos;
        }
        return at;
    }

    /** Fills the OBU table; false when the temporal unit is malformed. */
    private boolean parse(byte[] frame, int off, int len) {
        obuCount = 0;
        hasSequenceHeader = false;
        int i = off;
        int end = off + len;
        while (i < end) {
            int header = frame[i] & 0xFF;
            int headerLength = Av1Obu.headerLength(header);
            if ((header & Av1Obu.FORBIDDEN_BIT) != 0 || headerLength > end - i) {
                return false;
            }
            int payloadAt = i + headerLength;
            long payloadLength = end - payloadAt;
            if ((header & Av1Obu.HAS_SIZE_FLAG) != 0) {
                long read = Leb128.read(frame, payloadAt, end);
                if (read < 0) {
                    return false;
                }
                payloadAt += Leb128.readBytes(read);
                payloadLength = Leb128.readValue(read);
                if (payloadLength > end - payloadAt) {
                    return false;
                }
            }
            int type = Av1Obu.type(header);
            if (!Av1Obu.isDroppedInRtp(type)) {
                add(i, headerLength, payloadAt, (int) payloadLength);
                hasSequenceHeader |= type == Av1Obu.SEQUENCE_HEADER;
            }
            i = payloadAt + (int) payloadLength;
        }
        return true;
    }

    private void add(int at, int headerLength, int payloadAt, int payloadLength) {
        if (obuCount == obuAt.length) {
            obuAt = Arrays.copyOf(obuAt, obuCount * 2);
            obuHeaderLength = Arrays.copyOf(obuHeaderLength, obuCount * 2);
            obuPayloadAt = Arrays.copyOf(obuPayloadAt, obuCount * 2);
            obuPayloadLength = Arrays.copyOf(obuPayloadLength, obuCount * 2);
        }
        obuAt[obuCount] = at;
        obuHeaderLength[obuCount] = headerLength;
        obuPayloadAt[obuCount] = payloadAt;
        obuPayloadLength[obuCount] = payloadLength;
        obuCount++;
    }
}
