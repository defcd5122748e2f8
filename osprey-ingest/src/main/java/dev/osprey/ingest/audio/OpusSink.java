package dev.osprey.ingest.audio;

/**
 * Receives the Opus packets of an {@link AacToOpusTranscoder}, on the transcoder's worker thread.
 */
@FunctionalInterface
public interface OpusSink {
    /**
     * One Opus packet of 20 ms (960 samples at 48 kHz).
     *
     * @param packet       the packet in {@code packet[0..length)}; the array is reused for the next
     *                     packet, so copy what must outlive the call
     * @param length       the packet's length in bytes
     * @param rtpTimestamp the timestamp of its first sample on a 48 kHz clock, not wrapped: take the
     *                     low 32 bits for RTP
     */
    void opus(byte[] packet, int length, long rtpTimestamp);
}
