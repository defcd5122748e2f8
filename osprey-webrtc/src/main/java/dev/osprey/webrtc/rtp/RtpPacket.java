package dev.osprey.webrtc.rtp;

import static dev.osprey.webrtc.rtp.Bytes.i32;
import static dev.osprey.webrtc.rtp.Bytes.put16;
import static dev.osprey.webrtc.rtp.Bytes.put32;
import static dev.osprey.webrtc.rtp.Bytes.u16;

/**
 * A reusable, allocation-free view of one RTP packet (RFC 3550 §5.1) held in a caller's buffer.
 *
 * <p>{@link #wrap} validates the fixed header, the CSRC list, the header-extension block and the
 * padding against the datagram length; every accessor afterwards is a plain array read. Setters
 * rewrite header fields in place (what an SFU does per viewer). One instance per thread.
 *
 * <p>Header extensions (RFC 8285) are looked up with {@link #findExtension(int)}, which walks the
 * one-byte ({@code 0xBEDE}) or two-byte ({@code 0x100x}) element list and returns the offset of
 * the element's data in the buffer.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The two-byte form's profile is {@code 0x100} followed by 4 application bits. */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int extensionOffset = -1;
    private int extensionLength;
    private int paddingLength;

    /**
     * Writes a 12-byte RTP header (version 2, no padding, extension or CSRCs) at {@code off}; returns
     * {@link #FIXED_HEADER_LENGTH}. For senders that build their own packets (load tester, tests).
     */
    public static int writeHeader(byte[] buf, int off, boolean marker, int payloadType, int sequenceNumber,
                                  int timestamp, int ssrc) {
        buf[off] = (byte) 0x80;
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        Bytes.put16(buf, off + 2, sequenceNumber);
        Bytes.put32(buf, off + 4, timestamp);
        Bytes.put32(buf, off + 8, ssrc);
        return FIXED_HEADER_LENGTH;
    }

    /**
     * Points this view at a datagram and validates it. Returns {@code false} for anything that is
     * not a well-formed RTP packet (wrong version, truncated CSRC list or extension, padding
     * longer than the payload); the view must not be used after a {@code false}.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        this.extensionOffset = -1;
        if (!Bytes.inBounds(buf, off, len) || len < FIXED_HEADER_LENGTH) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >>> 6 != 2) {
            return false;
        }
        int hl = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (hl > len) {
            return false;
        }
        int extOff = -1;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            if (hl + 4 > len) {
                return false;
            }
            extLen = 4 * u16(buf, off + hl + 2);
            extOff = off + hl + 4;
            hl += 4 + extLen;
            if (hl > len) {
                return false;
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) {
            pad = buf[off + len - 1] & 0xFF;
            if (pad == 0 || hl + pad > len) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = hl;
        this.extensionOffset = extOff;
        this.extensionLength = extLen;
        this.paddingLength = pad;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public int version() {
        return (buf[off] & 0xFF) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return u16(buf, off + 2);
    }

    /** The 32-bit RTP timestamp, unsigned on the wire. */
    public int timestamp() {
        return i32(buf, off + 4);
    }

    public int ssrc() {
        return i32(buf, off + 8);
    }

    /** CSRC number {@code index}, which must be below {@link #csrcCount()}. */
    public int csrc(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException(index);
        }
        return i32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /** Fixed header + CSRCs + extension block: where the payload starts, relative to {@link #offset()}. */
    public int headerLength() {
        return headerLength;
    }

    /** The 16-bit "defined by profile" value of the extension block, or -1 without one. */
    public int extensionProfile() {
        return extensionOffset < 0 ? -1 : u16(buf, extensionOffset - 4);
    }

    /** Absolute offset of the extension data (after its 4-byte header), or -1 without one. */
    public int extensionOffset() {
        return extensionOffset;
    }

    /** Length in bytes of the extension data (a multiple of 4). */
    public int extensionLength() {
        return extensionLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload length, excluding padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Number of padding bytes at the end (including the count byte), 0 without padding. */
    public int paddingLength() {
        return paddingLength;
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    public void setPayloadType(int payloadType) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    public void setSequenceNumber(int sequenceNumber) {
        put16(buf, off + 2, sequenceNumber);
    }

    public void setTimestamp(int timestamp) {
        put32(buf, off + 4, timestamp);
    }

    public void setSsrc(int ssrc) {
        put32(buf, off + 8, ssrc);
    }

    /**
     * Finds header extension element {@code id} and returns the absolute offset of its data, or
     * -1 when the packet has no such element, uses an unknown extension profile, or the element
     * list is malformed. One-byte ids are 1..14, two-byte ids 1..255.
     */
    public int findExtension(int id) {
        if (extensionOffset < 0 || id <= 0) {
            return -1;
        }
        int profile = u16(buf, extensionOffset - 4);
        int end = extensionOffset + extensionLength;
        if (profile == ONE_BYTE_PROFILE) {
            return findOneByte(id, end);
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return findTwoByte(id, end);
        }
        return -1;
    }

    private int findOneByte(int id, int end) {
        if (id > 14) {
            return -1;
        }
        int i = extensionOffset;
        while (i < end) {
            int b = buf[i] & 0xFF;
            if (b == 0) { // padding byte between elements
                i++;
                continue;
            }
            int elementId = b >>> 4;
            if (elementId == 15) { // RFC 8285 §4.2: stop processing at id 15
                return -1;
            }
            int dataLen = (b & 0x0F) + 1;
            if (i + 1 + dataLen > end) {
                return -1;
            }
            if (elementId == id) {
                return i + 1;
            }
            i += 1 + dataLen;
        }
        return -1;
    }

    private int findTwoByte(int id, int end) {
        if (id > 255) {
            return -1;
        }
        int i = extensionOffset;
        while (i < end) {
            int elementId = buf[i] & 0xFF;
            if (elementId == 0) {
                i++;
                continue;
            }
            if (i + 2 > end) {
                return -1;
            }
            int dataLen = buf[i + 1] & 0xFF;
            if (i + 2 + dataLen > end) {
                return -1;
            }
            if (elementId == id) {
                return i + 2;
            }
            i += 2 + dataLen;
        }
        return -1;
    }

    /** Data length of the extension element whose data starts at {@code dataOffset} (from {@link #findExtension}). */
    public int extensionElementLength(int dataOffset) {
        int profile = u16(buf, extensionOffset - 4);
        return profile == ONE_BYTE_PROFILE ? (buf[dataOffset - 1] & 0x0F) + 1 : buf[dataOffset - 1] & 0xFF;
    }
}
