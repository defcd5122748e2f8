package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Iterates the packets of a (possibly reduced-size) compound RTCP datagram. {@link #wrap}
 * validates the whole chain up front: version 2, packet types 192..223, lengths that tile the
 * datagram exactly, and sane padding. Afterwards {@link #next()} steps through the packets.
 * Reusable and allocation-free; one instance per thread.
 *
 * <p>{@link #packetLength()} excludes padding, so it can be passed directly to the typed readers
 * ({@code SenderReport.isValid(buf, packetOffset(), packetLength())} etc.).
 */
public final class RtcpCompoundReader {
    private byte[] buf;
    private int end;
    private int nextOff;
    private int current = -1;
    private int currentLength;

    /** Validates a compound packet; false (and an empty iteration) when it is malformed. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        this.current = -1;
        if (!Bytes.inBounds(buf, off, len) || len < Rtcp.HEADER_LENGTH) {
            return false;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            if (end - i < Rtcp.HEADER_LENGTH) {
                return false;
            }
            int b0 = buf[i] & 0xFF;
            int pt = buf[i + 1] & 0xFF;
            if (b0 >>> 6 != 2 || pt < 192 || pt > 223) {
                return false;
            }
            int size = (Bytes.u16(buf, i + 2) + 1) * 4;
            if (size > end - i) {
                return false;
            }
            if ((b0 & 0x20) != 0) {
                int pad = buf[i + size - 1] & 0xFF;
                if (pad == 0 || pad > size - Rtcp.HEADER_LENGTH) {
                    return false;
                }
            }
            i += size;
        }
        this.buf = buf;
        this.end = end;
        this.nextOff = off;
        return true;
    }

    /** Advances to the next packet; false at the end. */
    public boolean next() {
        if (buf == null || nextOff >= end) {
            current = -1;
            return false;
        }
        current = nextOff;
        int size = (Bytes.u16(buf, current + 2) + 1) * 4;
        nextOff = current + size;
        int pad = (buf[current] & 0x20) != 0 ? buf[current + size - 1] & 0xFF : 0;
        currentLength = size - pad;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Absolute offset of the current packet's header. */
    public int packetOffset() {
        return current;
    }

    /** Length of the current packet including its header, excluding padding. */
    public int packetLength() {
        return currentLength;
    }

    public int packetType() {
        return buf[current + 1] & 0xFF;
    }

    /** Reception report count, source count or feedback message type, depending on the packet type. */
    public int count() {
        return buf[current] & 0x1F;
    }
}
