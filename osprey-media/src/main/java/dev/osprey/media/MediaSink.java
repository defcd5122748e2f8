package dev.osprey.media;

/**
 * What a viewer's transport offers the SFU: send one plain RTP or RTCP packet, which the
 * transport protects (SRTP/SRTCP) <em>in place</em> and sends. Calls are synchronous and come from
 * the broadcast's thread; the transport must not keep a reference to {@code buf} after returning.
 *
 * <p>Every buffer handed over has at least {@link #TRAILER_ROOM} writable bytes after
 * {@code off + len} for the SRTP authentication tag / SRTCP index, and the transport may modify
 * the bytes of the packet itself.
 */
public interface MediaSink {
    /**
     * Writable bytes guaranteed after every packet: the largest SRTP/SRTCP trailer (AEAD_AES_128_GCM
     * SRTCP: 16-byte tag + 4-byte E flag and index).
     */
    int TRAILER_ROOM = 20;

    void sendRtp(byte[] buf, int off, int len);

    void sendRtcp(byte[] buf, int off, int len);

    /**
     * The next transport-wide sequence number of this transport (draft-holmer-rmcat-transport-wide-cc
     * extensions), stamped on each forwarded packet that carries the extension. The counter belongs to
     * the transport because it spans every stream the transport sends.
     */
    int nextTransportSequenceNumber();
}
