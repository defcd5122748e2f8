package dev.osprey.webrtc.stun;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes one STUN message into a caller-supplied array.
 *
 * <p>Call {@link #begin}, add attributes in order, optionally {@link #addMessageIntegrity} and then
 * {@link #addFingerprint} (which must come last), and take the total size from {@link #length()}.
 * The header's length field is kept current after every attribute. Running out of room is a
 * programming error and throws {@link IndexOutOfBoundsException}. Not thread-safe; reusable.
 */
public final class StunWriter {
    private final StunFingerprint fingerprint = new StunFingerprint();
    private byte[] buf;
    private int start;
    private int pos;
    private int limit;
    private byte padding;

    /**
     * Starts a message at {@code off}; at most {@code capacity} bytes will be written.
     *
     * @param transactionId 12 bytes read from {@code idOff}
     */
    public StunWriter begin(byte[] buf, int off, int capacity, int messageType, byte[] transactionId, int idOff) {
        this.buf = buf;
        this.start = off;
        this.pos = off;
        this.limit = off + capacity;
        ensure(StunMessage.HEADER_LENGTH);
        putShort(messageType);
        putShort(0);
        putInt(StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, idOff, buf, pos, StunMessage.TRANSACTION_ID_LENGTH);
        pos += StunMessage.TRANSACTION_ID_LENGTH;
        return this;
    }

    /**
     * Value of the padding bytes after attributes whose length is not a multiple of four. Receivers
     * ignore them (RFC 8489 §14); zero unless changed.
     */
    public StunWriter paddingByte(byte value) {
        this.padding = value;
        return this;
    }

    public StunWriter addUsername(byte[] username, int off, int len) {
        return addBytes(StunAttribute.USERNAME, username, off, len);
    }

    public StunWriter addUsername(String username) {
        byte[] bytes = username.getBytes(StandardCharsets.UTF_8);
        return addBytes(StunAttribute.USERNAME, bytes, 0, bytes.length);
    }

    public StunWriter addSoftware(String software) {
        byte[] bytes = software.getBytes(StandardCharsets.UTF_8);
        return addBytes(StunAttribute.SOFTWARE, bytes, 0, bytes.length);
    }

    public StunWriter addPriority(long priority) {
        attributeHeader(StunAttribute.PRIORITY, 4);
        putInt((int) priority);
        return this;
    }

    public StunWriter addUseCandidate() {
        attributeHeader(StunAttribute.USE_CANDIDATE, 0);
        return this;
    }

    public StunWriter addIceControlling(long tieBreaker) {
        return addLong(StunAttribute.ICE_CONTROLLING, tieBreaker);
    }

    public StunWriter addIceControlled(long tieBreaker) {
        return addLong(StunAttribute.ICE_CONTROLLED, tieBreaker);
    }

    /** ERROR-CODE with a numeric code 300..699 and an ASCII reason phrase. */
    public StunWriter addErrorCode(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        attributeHeader(StunAttribute.ERROR_CODE, 4 + text.length);
        putShort(0);
        buf[pos++] = (byte) (code / 100);
        buf[pos++] = (byte) (code % 100);
        System.arraycopy(text, 0, buf, pos, text.length);
        pos += text.length;
        pad(4 + text.length);
        return this;
    }

    /** UNKNOWN-ATTRIBUTES listing the given types (for a 420 response). */
    public StunWriter addUnknownAttributes(int[] types, int count) {
        attributeHeader(StunAttribute.UNKNOWN_ATTRIBUTES, 2 * count);
        for (int i = 0; i < count; i++) {
            putShort(types[i]);
        }
        pad(2 * count);
        return this;
    }

    public StunWriter addXorMappedAddress(InetSocketAddress address) {
        return addAddress(StunAttribute.XOR_MAPPED_ADDRESS, address, true);
    }

    public StunWriter addMappedAddress(InetSocketAddress address) {
        return addAddress(StunAttribute.MAPPED_ADDRESS, address, false);
    }

    /** Appends MESSAGE-INTEGRITY computed with the given key over everything written so far. */
    public StunWriter addMessageIntegrity(MessageIntegrity integrity) {
        int attrOff = pos;
        attributeHeader(StunAttribute.MESSAGE_INTEGRITY, MessageIntegrity.HMAC_LENGTH);
        pos += MessageIntegrity.HMAC_LENGTH;
        integrity.sign(buf, start, attrOff);
        return this;
    }

    /** Appends FINGERPRINT; nothing may be added after it. */
    public StunWriter addFingerprint() {
        int attrOff = pos;
        attributeHeader(StunAttribute.FINGERPRINT, 4);
        putInt(fingerprint.compute(buf, start, attrOff - start));
        return this;
    }

    /** Total bytes written from the offset given to {@link #begin}. */
    public int length() {
        return pos - start;
    }

    private StunWriter addAddress(int type, InetSocketAddress address, boolean xor) {
        boolean v4 = address.getAddress() instanceof Inet4Address;
        int port = address.getPort();
        attributeHeader(type, v4 ? 8 : 20);
        buf[pos++] = 0;
        buf[pos++] = (byte) (v4 ? 1 : 2);
        putShort(xor ? port ^ (StunMessage.MAGIC_COOKIE >>> 16) : port);
        if (v4) {
            // Inet4Address.hashCode() is its address as an int: avoids getAddress()'s array copy.
            int ip = address.getAddress().hashCode();
            putInt(xor ? ip ^ StunMessage.MAGIC_COOKIE : ip);
        } else {
            byte[] ip = address.getAddress().getAddress();
            for (int i = 0; i < 16; i++) {
                // XOR key: magic cookie then transaction id, i.e. header bytes 4..19.
                buf[pos++] = (byte) (ip[i] ^ (xor ? buf[start + 4 + i] : 0));
            }
        }
        return this;
    }

    private StunWriter addLong(int type, long value) {
        attributeHeader(type, 8);
        putInt((int) (value >>> 32));
        putInt((int) value);
        return this;
    }

    private StunWriter addBytes(int type, byte[] value, int off, int len) {
        attributeHeader(type, len);
        System.arraycopy(value, off, buf, pos, len);
        pos += len;
        pad(len);
        return this;
    }

    /** Writes type and length, reserves the padded value, and updates the header length. */
    private void attributeHeader(int type, int valueLength) {
        int padded = (valueLength + 3) & ~3;
        ensure(4 + padded);
        putShort(type);
        putShort(valueLength);
        updateLength(pos + padded);
    }

    private void pad(int valueLength) {
        for (int i = valueLength; (i & 3) != 0; i++) {
            buf[pos++] = padding;
        }
    }

    private void updateLength(int end) {
        int bodyLength = end - start - StunMessage.HEADER_LENGTH;
        buf[start + 2] = (byte) (bodyLength >>> 8);
        buf[start + 3] = (byte) bodyLength;
    }

    private void ensure(int bytes) {
        if (bytes > limit - pos) {
            throw new IndexOutOfBoundsException("STUN message does not fit: need " + bytes + " more bytes");
        }
    }

    private void putShort(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }
}
