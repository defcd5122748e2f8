package dev.osprey.ingest.srt;

/**
 * What one SRT caller's connection reports. Every call runs on the listener channel's event loop
 * and must not block; the payload array is lent for the call only.
 */
public interface SrtListener {
    /** The caller finished its handshake; answer through the request, now or later. */
    void onPublishRequest(SrtPublishRequest request);

    /**
     * One data packet's payload (for an encoder, 7 MPEG-TS packets of 188 bytes as a rule), in
     * sequence order at its TSBPD time; packets lost for good leave a gap.
     */
    void onPayload(byte[] data, int offset, int length);

    /** The connection ended (shut down, timed out, refused or the listener closed); called once, last. */
    void onClosed(String reason);
}
