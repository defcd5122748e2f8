package dev.osprey.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A reusable, read-only view of one STUN message inside a datagram.
 *
 * <p>{@link #wrap} validates the header and walks every attribute, checking each length against the
 * datagram before anything is read; it returns {@code false} for anything that is not a well-formed
 * STUN message (truncated, garbage, bad lengths, FINGERPRINT not last). It never throws on bad input.
 * After a successful wrap the accessors read straight from the wrapped array, which must not change
 * while the view is in use. Unknown comprehension-optional attributes are skipped with their padding;
 * unknown comprehension-required ones are recorded so that a server can answer 420.
 *
 * <p>Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 §14.5).
 * When an attribute occurs twice, the first one counts. Not thread-safe.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    /** Largest number of unknown comprehension-required attribute types remembered. */
    public static final int MAX_UNKNOWN_REPORTED = 8;

    private static final int MAX_USERNAME = 513;
    private static final int MAX_TEXT = 763;

    private final StunFingerprint fingerprint = new StunFingerprint();
    private final int[] unknownRequired = new int[MAX_UNKNOWN_REPORTED];

    private byte[] buf;
    private int off;
    private int len;
    private int type;
    private int usernameOff;
    private int usernameLen;
    private int integrityOff;
    private int fingerprintOff;
    private int xorMappedOff;
    private int mappedOff;
    private int errorOff;
    private int errorLen;
    private int softwareOff;
    private int softwareLen;
    private int priority;
    private boolean hasPriority;
    private boolean useCandidate;
    private int controllingOff;
    private int controlledOff;
    private int unknownRequiredCount;

    public StunMessage() {
        reset();
    }

    /**
     * Quick test used by demultiplexers: long enough for a header, first two bits zero, and the magic
     * cookie in place. Does not validate attributes.
     */
    public static boolean hasStunHeader(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= HEADER_LENGTH && off <= buf.length - len
                && (buf[off] & 0xC0) == 0 && readInt(buf, off + 4) == MAGIC_COOKIE;
    }

    /**
     * Points this view at a datagram and validates it.
     *
     * @return {@code true} when the datagram is exactly one well-formed STUN message
     */
    public boolean wrap(byte[] buf, int off, int len) {
        reset();
        if (!hasStunHeader(buf, off, len)) {
            return false;
        }
        int bodyLength = readShort(buf, off + 2);
        if ((bodyLength & 3) != 0 || HEADER_LENGTH + bodyLength != len) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.type = readShort(buf, off);
        if (!parseAttributes()) {
            reset();
            return false;
        }
        return true;
    }

    private boolean parseAttributes() {
        int end = off + len;
        int pos = off + HEADER_LENGTH;
        while (pos < end) {
            if (fingerprintOff >= 0 || end - pos < 4) {
                return false; // FINGERPRINT must be last; a partial attribute header is truncation
            }
            int attrType = readShort(buf, pos);
            int attrLen = readShort(buf, pos + 2);
            int padded = (attrLen + 3) & ~3;
            if (padded > end - pos - 4) {
                return false;
            }
            boolean afterIntegrity = integrityOff >= 0;
            if (attrType == StunAttribute.FINGERPRINT) {
                if (attrLen != 4) {
                    return false;
                }
                fingerprintOff = pos;
            } else if (!afterIntegrity && !readAttribute(attrType, pos, attrLen)) {
                return false;
            }
            pos += 4 + padded;
        }
        return true;
    }

    private boolean readAttribute(int attrType, int pos, int attrLen) {
        int value = pos + 4;
        switch (attrType) {
            case StunAttribute.USERNAME -> {
                if (attrLen > MAX_USERNAME) {
                    return false;
                }
                if (usernameOff < 0) {
                    usernameOff = value;
                    usernameLen = attrLen;
                }
            }
            case StunAttribute.MESSAGE_INTEGRITY -> {
                if (attrLen != MessageIntegrity.HMAC_LENGTH) {
                    return false;
                }
                integrityOff = pos;
            }
            case StunAttribute.XOR_MAPPED_ADDRESS -> {
                if (!validAddress(value, attrLen)) {
                    return false;
                }
                if (xorMappedOff < 0) {
                    xorMappedOff = value;
                }
            }
            case StunAttribute.MAPPED_ADDRESS -> {
                if (!validAddress(value, attrLen)) {
                    return false;
                }
                if (mappedOff < 0) {
                    mappedOff = value;
                }
            }
            case StunAttribute.PRIORITY -> {
                if (attrLen != 4) {
                    return false;
                }
                if (!hasPriority) {
                    hasPriority = true;
                    priority = readInt(buf, value);
                }
            }
            case StunAttribute.USE_CANDIDATE -> {
                if (attrLen != 0) {
                    return false;
                }
                useCandidate = true;
            }
            case StunAttribute.ICE_CONTROLLING, StunAttribute.ICE_CONTROLLED -> {
                if (attrLen != 8) {
                    return false;
                }
                if (attrType == StunAttribute.ICE_CONTROLLING && controllingOff < 0) {
                    controllingOff = value;
                } else if (attrType == StunAttribute.ICE_CONTROLLED && controlledOff < 0) {
                    controlledOff = value;
                }
            }
            case StunAttribute.ERROR_CODE -> {
                if (attrLen < 4 || attrLen > 4 + MAX_TEXT) {
                    return false;
                }
                if (errorOff < 0) {
                    errorOff = value;
                    errorLen = attrLen;
                }
            }
            case StunAttribute.SOFTWARE -> {
                if (attrLen > MAX_TEXT) {
                    return false;
                }
                if (softwareOff < 0) {
                    softwareOff = value;
                    softwareLen = attrLen;
                }
            }
            default -> {
                if (StunAttribute.isComprehensionRequired(attrType) && unknownRequiredCount < MAX_UNKNOWN_REPORTED) {
                    unknownRequired[unknownRequiredCount++] = attrType;
                }
            }
        }
        return true;
    }

    private boolean validAddress(int value, int attrLen) {
        int family = buf[value + 1] & 0xFF;
        return attrLen >= 4 && ((family == 1 && attrLen == 8) || (family == 2 && attrLen == 20));
    }

    private void reset() {
        buf = null;
        off = len = type = 0;
        usernameOff = integrityOff = fingerprintOff = xorMappedOff = mappedOff = -1;
        errorOff = softwareOff = controllingOff = controlledOff = -1;
        usernameLen = errorLen = softwareLen = priority = unknownRequiredCount = 0;
        hasPriority = useCandidate = false;
    }

    /** True after a successful {@link #wrap}. */
    public boolean isValid() {
        return buf != null;
    }

    public int messageType() {
        return type;
    }

    public boolean isBindingRequest() {
        return type == StunMessageType.BINDING_REQUEST;
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

    /** Offset in {@link #buffer()} of the 12-byte transaction id. */
    public int transactionIdOffset() {
        return off + 8;
    }

    /** True when the transaction id equals the 12 bytes of {@code id} from {@code idOff}. */
    public boolean transactionIdEquals(byte[] id, int idOff) {
        int t = transactionIdOffset();
        for (int i = 0; i < TRANSACTION_ID_LENGTH; i++) {
            if (buf[t + i] != id[idOff + i]) {
                return false;
            }
        }
        return true;
    }

    public boolean hasUsername() {
        return usernameOff >= 0;
    }

    /** Offset of the USERNAME value in {@link #buffer()}, or -1. */
    public int usernameOffset() {
        return usernameOff;
    }

    public int usernameLength() {
        return usernameLen;
    }

    /** The USERNAME decoded as UTF-8 (allocates), or {@code null}. */
    public String username() {
        return usernameOff < 0 ? null : new String(buf, usernameOff, usernameLen, StandardCharsets.UTF_8);
    }

    public boolean hasMessageIntegrity() {
        return integrityOff >= 0;
    }

    /** Checks MESSAGE-INTEGRITY with the given key; false when the attribute is absent or wrong. */
    public boolean verifyMessageIntegrity(MessageIntegrity integrity) {
        return integrityOff >= 0 && integrity.verify(buf, off, integrityOff);
    }

    public boolean hasFingerprint() {
        return fingerprintOff >= 0;
    }

    /** True when FINGERPRINT is present and matches the message. */
    public boolean verifyFingerprint() {
        return fingerprintOff >= 0
                && fingerprint.compute(buf, off, fingerprintOff - off) == readInt(buf, fingerprintOff + 4);
    }

    public boolean hasPriority() {
        return hasPriority;
    }

    /** PRIORITY as an unsigned 32-bit value, or -1 when absent. */
    public long priority() {
        return hasPriority ? priority & 0xFFFFFFFFL : -1;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    public boolean hasIceControlling() {
        return controllingOff >= 0;
    }

    public boolean hasIceControlled() {
        return controlledOff >= 0;
    }

    /** The tie-breaker of ICE-CONTROLLING or, failing that, ICE-CONTROLLED; 0 when neither. */
    public long tieBreaker() {
        int at = controllingOff >= 0 ? controllingOff : controlledOff;
        return at < 0 ? 0 : ((long) readInt(buf, at) << 32) | (readInt(buf, at + 4) & 0xFFFFFFFFL);
    }

    /** The ERROR-CODE number (e.g. 401), or -1 when absent. */
    public int errorCode() {
        if (errorOff < 0) {
            return -1;
        }
        return (buf[errorOff + 2] & 0x07) * 100 + (buf[errorOff + 3] & 0xFF);
    }

    /** The ERROR-CODE reason phrase (allocates), or {@code null}. */
    public String errorReason() {
        return errorOff < 0 ? null : new String(buf, errorOff + 4, errorLen - 4, StandardCharsets.UTF_8);
    }

    /** SOFTWARE (allocates), or {@code null}. */
    public String software() {
        return softwareOff < 0 ? null : new String(buf, softwareOff, softwareLen, StandardCharsets.UTF_8);
    }

    /** Number of unknown comprehension-required attributes (at most {@link #MAX_UNKNOWN_REPORTED}). */
    public int unknownRequiredCount() {
        return unknownRequiredCount;
    }

    public int unknownRequiredType(int index) {
        return unknownRequired[index];
    }

    /** XOR-MAPPED-ADDRESS decoded (allocates), or {@code null}. */
    public InetSocketAddress xorMappedAddress() {
        return xorMappedOff < 0 ? null : readAddress(xorMappedOff, true);
    }

    /** MAPPED-ADDRESS decoded (allocates), or {@code null}. */
    public InetSocketAddress mappedAddress() {
        return mappedOff < 0 ? null : readAddress(mappedOff, false);
    }

    private InetSocketAddress readAddress(int value, boolean xor) {
        boolean v6 = buf[value + 1] == 2;
        int port = readShort(buf, value + 2);
        byte[] ip = new byte[v6 ? 16 : 4];
        for (int i = 0; i < ip.length; i++) {
            // XOR key: the magic cookie followed by the transaction id, which sit at off + 4.
            ip[i] = (byte) (buf[value + 4 + i] ^ (xor ? buf[off + 4 + i] : 0));
        }
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address length was validated", e);
        }
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
