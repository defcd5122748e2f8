package dev.osprey.webrtc.srtp;

import java.util.Objects;

/**
 * SRTP/SRTCP crypto context of one direction (RFC 3711, RFC 7714): the session keys derived from
 * one master key and salt, and per-SSRC state (rollover counter, replay windows, SRTCP index).
 * A connection uses two: one keyed with the local master key to protect what it sends, one keyed
 * with the peer's to unprotect what it receives (see {@link SrtpSession}).
 *
 * <p>All calls work in place on {@code buf[off, off + len)}. Protect calls need
 * {@link SrtpProfile#MAX_TRAILER} spare bytes after {@code off + len} (an
 * {@link IllegalArgumentException} otherwise: a caller bug, not a bad packet). Unprotect calls
 * return the plaintext length, or a negative {@link SrtpError} code for a bad packet; they never
 * throw for packet content. After a failed unprotect the bytes of the packet are unspecified.
 * Out-of-range {@code off}/{@code len} throw {@link IndexOutOfBoundsException}.
 *
 * <p>Receive state per SSRC is created only for authenticated packets, and only for SSRCs the peer
 * signalled ({@link #expectSsrcs}) plus at most {@link #MAX_UNSIGNALLED_STREAMS} others; a packet for
 * any other SSRC is refused with {@link SrtpError#UNKNOWN_STREAM} before it is even authenticated, and
 * counted ({@link #streamsRefused()}). Send state is created for whatever SSRC this side protects:
 * the caller chooses those.
 *
 * <p>Not thread-safe: one context belongs to one event loop.
 */
public final class SrtpContext {
    /** Replay window length in packets when none is given; reordering beyond it is rejected. */
    public static final int DEFAULT_REPLAY_WINDOW = 1024;
    /**
     * Most SSRCs a peer may announce for receive state ({@link #expectSsrcs}): 31 tracks with RTX, or a
     * receive-only peer announcing one SSRC for each of a few hundred sections, fit.
     */
    public static final int MAX_SIGNALLED_STREAMS = 256;
    /**
     * Receive streams allowed for SSRCs the peer never announced: browsers send RTCP from such SSRCs
     * (Chromium uses fixed ones for receive-only sections), and a few spare do no harm.
     */
    public static final int MAX_UNSIGNALLED_STREAMS = 16;

    private static final int RTP_HEADER_LENGTH = 12;

    private final SrtpProfile profile;
    private final SessionKeys keys;
    // Created on first use: a viewer never sends RTP to us, so its receiving context needs no RTP cipher.
    private PacketCipher rtp;
    private PacketCipher rtcp;
    private final int replayWindow;
    private final SsrcMap<StreamState> streams = new SsrcMap<>();
    private final StreamAdmission admission = new StreamAdmission();
    private long streamsRefused;

    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile, masterKey, masterSalt, DEFAULT_REPLAY_WINDOW);
    }

    /** @param replayWindow replay window length in packets for RTP and SRTCP, a power of two >= 64 */
    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int replayWindow) {
        this(profile, SessionKeys.derive(profile, masterKey, masterSalt), replayWindow);
    }

    /** From session keys directly, as the RFC test vectors give them. */
    SrtpContext(SrtpProfile profile, SessionKeys keys, int replayWindow) {
        new ReplayWindow(replayWindow); // validates the size up front rather than on the first packet
        this.profile = profile;
        this.replayWindow = replayWindow;
        this.keys = keys;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * SSRCs the peer announced (its SDP's {@code a=ssrc}, RTX included): they always get receive state,
     * up to {@link #MAX_SIGNALLED_STREAMS} of them. Adds to what earlier calls gave.
     */
    public void expectSsrcs(int... ssrcs) {
        for (int ssrc : ssrcs) {
            admission.signal(ssrc);
        }
    }

    /** SSRCs that have state in this context (sent or received). */
    public int streamCount() {
        return streams.size();
    }

    /** Received packets dropped because their SSRC was neither announced nor within the spare allowance. */
    public long streamsRefused() {
        return streamsRefused;
    }

    /**
     * Encrypts and authenticates an RTP packet in place.
     *
     * @return the SRTP packet length ({@code len} + {@link SrtpProfile#rtpTrailerLength()}), or a
     *     negative {@link SrtpError} code if the RTP header is unusable
     */
    public int protectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        checkSpare(buf, off, len, profile.rtpTrailerLength());
        int headerLength = rtpHeaderLength(buf, off, len);
        if (headerLength < 0) {
            return headerLength;
        }
        int ssrc = PacketCipher.readInt(buf, off + 8);
        StreamState stream = stream(ssrc);
        long index = StreamState.estimateIndex(stream.sentRtpHighest, sequenceNumber(buf, off));
        int result = rtpCipher().protectRtp(buf, off, headerLength, len, ssrc, index);
        if (result >= 0 && index > stream.sentRtpHighest) {
            stream.sentRtpHighest = index;
        }
        return result;
    }

    /**
     * Authenticates, replay-checks and decrypts an SRTP packet in place.
     *
     * @return the RTP packet length, or a negative {@link SrtpError} code
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int tagLength = profile.tagLength();
        if (len < RTP_HEADER_LENGTH + tagLength) {
            return SrtpError.TRUNCATED;
        }
        int headerLength = rtpHeaderLength(buf, off, len - tagLength);
        if (headerLength < 0) {
            return headerLength;
        }
        int ssrc = PacketCipher.readInt(buf, off + 8);
        int seq = sequenceNumber(buf, off);
        StreamState stream = streams.get(ssrc);
        if (stream == null && !admission.allows(ssrc)) {
            streamsRefused++;
            return SrtpError.UNKNOWN_STREAM;
        }
        long index;
        if (stream == null || stream.rtpReplay == null) {
            index = seq;
        } else {
            index = StreamState.estimateIndex(stream.rtpReplay.highest(), seq);
            int verdict = stream.rtpReplay.check(index);
            if (verdict < 0) {
                return verdict;
            }
        }
        int result = rtpCipher().unprotectRtp(buf, off, headerLength, len, ssrc, index);
        if (result < 0) {
            return result;
        }
        // state changes only for authenticated packets, so forged SSRCs cost no memory
        if (stream == null) {
            stream = newReceiveStream(ssrc);
        }
        if (stream.rtpReplay == null) {
            stream.rtpReplay = new ReplayWindow(replayWindow);
        }
        stream.rtpReplay.accept(index);
        return result;
    }

    /**
     * Encrypts (E flag set) and authenticates an RTCP packet (simple or compound) in place, using
     * the next SRTCP index of the sender SSRC in its first header.
     *
     * @return the SRTCP packet length ({@code len} + {@link SrtpProfile#rtcpTrailerLength()}), or a
     *     negative {@link SrtpError} code
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        checkSpare(buf, off, len, profile.rtcpTrailerLength());
        int verdict = checkRtcpHeader(buf, off, len);
        if (verdict < 0) {
            return verdict;
        }
        int ssrc = PacketCipher.readInt(buf, off + 4);
        StreamState stream = stream(ssrc);
        if (stream.nextRtcpIndex > 0x7fffffffL) {
            return SrtpError.INDEX_EXHAUSTED;
        }
        int result = rtcpCipher().protectRtcp(buf, off, len, ssrc, (int) stream.nextRtcpIndex);
        if (result >= 0) {
            stream.nextRtcpIndex++;
        }
        return result;
    }

    /**
     * Authenticates, replay-checks and decrypts an SRTCP packet in place.
     *
     * @return the RTCP packet length, or a negative {@link SrtpError} code
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < PacketCipher.RTCP_HEADER_LENGTH + profile.rtcpTrailerLength()) {
            return SrtpError.TRUNCATED;
        }
        int verdict = checkRtcpHeader(buf, off, len);
        if (verdict < 0) {
            return verdict;
        }
        int word = PacketCipher.readInt(buf, off + rtcpCipher().rtcpIndexOffset(len));
        if (word >= 0) {
            return SrtpError.UNENCRYPTED_SRTCP;
        }
        int index = word & 0x7fffffff;
        int ssrc = PacketCipher.readInt(buf, off + 4);
        StreamState stream = streams.get(ssrc);
        if (stream == null && !admission.allows(ssrc)) {
            streamsRefused++;
            return SrtpError.UNKNOWN_STREAM;
        }
        if (stream != null && stream.rtcpReplay != null) {
            verdict = stream.rtcpReplay.check(index);
            if (verdict < 0) {
                return verdict;
            }
        }
        int result = rtcpCipher().unprotectRtcp(buf, off, len, ssrc, index);
        if (result < 0) {
            return result;
        }
        if (stream == null) {
            stream = newReceiveStream(ssrc);
        }
        if (stream.rtcpReplay == null) {
            stream.rtcpReplay = new ReplayWindow(replayWindow);
        }
        stream.rtcpReplay.accept(index);
        return result;
    }

    private StreamState newReceiveStream(int ssrc) {
        admission.created(ssrc);
        StreamState stream = new StreamState();
        streams.put(ssrc, stream);
        return stream;
    }

    private StreamState stream(int ssrc) {
        StreamState stream = streams.get(ssrc);
        if (stream == null) {
            stream = new StreamState();
            streams.put(ssrc, stream);
        }
        return stream;
    }

    private static void checkSpare(byte[] buf, int off, int len, int trailer) {
        if (buf.length - off - len < trailer) {
            throw new IllegalArgumentException("protect needs " + trailer + " spare bytes after the packet, buffer has "
                    + (buf.length - off - len));
        }
    }

    private static int sequenceNumber(byte[] buf, int off) {
        return (buf[off + 2] & 0xff) << 8 | buf[off + 3] & 0xff;
    }

    /** Fixed header + CSRCs + header extension: the part SRTP leaves in the clear. */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_HEADER_LENGTH) {
            return SrtpError.TRUNCATED;
        }
        int first = buf[off] & 0xff;
        if (first >>> 6 != 2) {
            return SrtpError.MALFORMED;
        }
        int length = RTP_HEADER_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (length + 4 > len) {
                return SrtpError.TRUNCATED;
            }
            int words = (buf[off + length + 2] & 0xff) << 8 | buf[off + length + 3] & 0xff;
            length += 4 + 4 * words;
        }
        return length <= len ? length : SrtpError.TRUNCATED;
    }

    private static int checkRtcpHeader(byte[] buf, int off, int len) {
        if (len < PacketCipher.RTCP_HEADER_LENGTH) {
            return SrtpError.TRUNCATED;
        }
        return (buf[off] & 0xff) >>> 6 == 2 ? 0 : SrtpError.MALFORMED;
    }

    private PacketCipher rtpCipher() {
        PacketCipher cipher = rtp;
        if (cipher == null) {
            cipher = PacketCipher.create(profile, keys.rtpKey(), keys.rtpSalt(), keys.rtpAuthKey(), true);
            rtp = cipher;
        }
        return cipher;
    }

    private PacketCipher rtcpCipher() {
        PacketCipher cipher = rtcp;
        if (cipher == null) {
            cipher = PacketCipher.create(profile, keys.rtcpKey(), keys.rtcpSalt(), keys.rtcpAuthKey(), false);
            rtcp = cipher;
        }
        return cipher;
    }
}
