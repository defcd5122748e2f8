package dev.osprey.webrtc.sctp;

/**
 * INIT (RFC 9260 3.3.2) and INIT ACK (3.3.3), which share one layout: the sender's verification tag, receive
 * window, stream counts and first TSN, then parameters. The ones read and written here:
 * <ul>
 *   <li>State Cookie (7, INIT ACK only, 3.3.3.1): opaque to its receiver, echoed back in COOKIE ECHO; always the
 *       first parameter of the INIT ACKs written here;</li>
 *   <li>Supported Extensions (0x8008, RFC 5061 4.2.7): a list of chunk types, here RE-CONFIG and FORWARD TSN;</li>
 *   <li>Forward-TSN-Supported (0xC000, RFC 3758 3.1), empty;</li>
 *   <li>Zero Checksum Acceptable (0x8001, RFC 9653 5.1) with error detection method 1 (DTLS).</li>
 * </ul>
 * Others (addresses, ECN, host names...) mean nothing over DTLS and are skipped.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 1 / 2 |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Initiate Tag                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Number of Outbound Streams   |   Number of Inbound Streams   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Initial TSN                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /              Optional/Variable-Length Parameters              /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class InitChunk {
    /** Header and fixed fields: where the parameters start. */
    static final int FIXED_LENGTH = 20;

    static final int PARAM_STATE_COOKIE = 7;
    static final int PARAM_ZERO_CHECKSUM = 0x8001;
    static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
    static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;
    /** Error Detection Method "DTLS" of RFC 9653. */
    static final int ZERO_CHECKSUM_METHOD_DTLS = 1;

    /** Bits of {@link #features}: what the peer announced it supports. */
    static final int FEATURE_FORWARD_TSN = 1;
    static final int FEATURE_RECONFIG = 2;
    static final int FEATURE_ZERO_CHECKSUM = 4;

    private InitChunk() {
    }

    /**
     * An INIT or INIT ACK with non-zero tag and stream counts (RFC 9260 3.3.2) whose parameters all fit; up to three
     * bytes after the last one are ignored.
     */
    static boolean isValid(byte[] buf, int off, int len) {
        if (!Chunks.inBounds(buf, off, len) || len < FIXED_LENGTH || Chunks.u16(buf, off + 2) != len) {
            return false;
        }
        int type = buf[off] & 0xFF;
        if (type != Chunks.INIT && type != Chunks.INIT_ACK) {
            return false;
        }
        if (initiateTag(buf, off) == 0 || outboundStreams(buf, off) == 0 || inboundStreams(buf, off) == 0) {
            return false;
        }
        int end = off + len;
        int p = off + FIXED_LENGTH;
        while (end - p >= Chunks.HEADER && Chunks.parameterFits(buf, p, end)) {
            p = Chunks.nextParameter(buf, p);
        }
        return end - p < Chunks.HEADER;
    }

    static int initiateTag(byte[] buf, int off) {
        return Chunks.i32(buf, off + 4);
    }

    static long advertisedWindow(byte[] buf, int off) {
        return Chunks.u32(buf, off + 8);
    }

    static int outboundStreams(byte[] buf, int off) {
        return Chunks.u16(buf, off + 12);
    }

    static int inboundStreams(byte[] buf, int off) {
        return Chunks.u16(buf, off + 14);
    }

    static int initialTsn(byte[] buf, int off) {
        return Chunks.i32(buf, off + 16);
    }

    /** The {@code FEATURE_*} bits the parameters of a valid chunk announce. */
    static int features(byte[] buf, int off, int len) {
        int features = 0;
        int end = off + len;
        for (int p = off + FIXED_LENGTH; end - p >= Chunks.HEADER && Chunks.parameterFits(buf, p, end);
                p = Chunks.nextParameter(buf, p)) {
            int length = Chunks.parameterLength(buf, p);
            switch (Chunks.parameterType(buf, p)) {
                case PARAM_FORWARD_TSN_SUPPORTED -> features |= FEATURE_FORWARD_TSN;
                case PARAM_SUPPORTED_EXTENSIONS -> {
                    for (int k = p + Chunks.HEADER; k < p + length; k++) {
                        int chunkType = buf[k] & 0xFF;
                        if (chunkType == Chunks.FORWARD_TSN) {
                            features |= FEATURE_FORWARD_TSN;
                        } else if (chunkType == Chunks.RE_CONFIG) {
                            features |= FEATURE_RECONFIG;
                        }
                    }
                }
                case PARAM_ZERO_CHECKSUM -> {
                    if (length >= 8 && Chunks.i32(buf, p + 4) == ZERO_CHECKSUM_METHOD_DTLS) {
                        features |= FEATURE_ZERO_CHECKSUM;
                    }
                }
                default -> {
                    // Nothing else matters over DTLS.
                }
            }
        }
        return features;
    }

    /** Offset of the (last) State Cookie's value in a valid chunk, or -1 when it has none. */
    static int stateCookieOffset(byte[] buf, int off, int len) {
        int cookie = -1;
        int end = off + len;
        for (int p = off + FIXED_LENGTH; end - p >= Chunks.HEADER && Chunks.parameterFits(buf, p, end);
                p = Chunks.nextParameter(buf, p)) {
            if (Chunks.parameterType(buf, p) == PARAM_STATE_COOKIE) {
                cookie = p + Chunks.HEADER;
            }
        }
        return cookie;
    }

    /** Length of the State Cookie whose value starts at {@code cookieOffset}. */
    static int stateCookieLength(byte[] buf, int cookieOffset) {
        return Chunks.parameterLength(buf, cookieOffset - Chunks.HEADER) - Chunks.HEADER;
    }

    /** Writes our INIT; returns its length, or -1 when it does not fit. */
    static int writeInit(byte[] dst, int off, int initiateTag, long arwnd, int outboundStreams, int inboundStreams,
                         int initialTsn, boolean zeroChecksum) {
        return write(dst, off, Chunks.INIT, initiateTag, arwnd, outboundStreams, inboundStreams, initialTsn, 0,
                zeroChecksum);
    }

    /**
     * Writes our INIT ACK with room for a State Cookie of {@code cookieLength} bytes at
     * {@link #writtenStateCookieOffset}, for the caller to fill; returns its length, or -1 when it does not fit.
     */
    static int writeInitAck(byte[] dst, int off, int initiateTag, long arwnd, int outboundStreams, int inboundStreams,
                            int initialTsn, int cookieLength, boolean zeroChecksum) {
        return write(dst, off, Chunks.INIT_ACK, initiateTag, arwnd, outboundStreams, inboundStreams, initialTsn,
                cookieLength, zeroChecksum);
    }

    /** Where {@link #writeInitAck} left the State Cookie's value. */
    static int writtenStateCookieOffset(int off) {
        return off + FIXED_LENGTH + Chunks.HEADER;
    }

    private static int write(byte[] dst, int off, int type, int initiateTag, long arwnd, int outboundStreams,
                             int inboundStreams, int initialTsn, int cookieLength, boolean zeroChecksum) {
        int cookieParameter = type == Chunks.INIT_ACK ? Chunks.padded(Chunks.HEADER + cookieLength) : 0;
        int length = FIXED_LENGTH + cookieParameter + 8 + 4 + (zeroChecksum ? 8 : 0);
        if (!Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, type, 0, length);
        Chunks.put32(dst, off + 4, initiateTag);
        Chunks.put32(dst, off + 8, (int) arwnd);
        Chunks.put16(dst, off + 12, outboundStreams);
        Chunks.put16(dst, off + 14, inboundStreams);
        Chunks.put32(dst, off + 16, initialTsn);
        int p = off + FIXED_LENGTH;
        if (cookieParameter > 0) {
            Chunks.writeParameterHeader(dst, p, PARAM_STATE_COOKIE, Chunks.HEADER + cookieLength);
            // The caller writes the cookie; only the padding after it is ours.
            for (int k = p + Chunks.HEADER + cookieLength; k < p + cookieParameter; k++) {
                dst[k] = 0;
            }
            p += cookieParameter;
        }
        Chunks.writeParameterHeader(dst, p, PARAM_SUPPORTED_EXTENSIONS, 6);
        dst[p + 4] = (byte) Chunks.RE_CONFIG;
        dst[p + 5] = (byte) Chunks.FORWARD_TSN;
        Chunks.put16(dst, p + 6, 0);
        p += 8;
        Chunks.writeParameterHeader(dst, p, PARAM_FORWARD_TSN_SUPPORTED, 4);
        p += 4;
        if (zeroChecksum) {
            Chunks.writeParameterHeader(dst, p, PARAM_ZERO_CHECKSUM, 8);
            Chunks.put32(dst, p + 4, ZERO_CHECKSUM_METHOD_DTLS);
        }
        return length;
    }
}
