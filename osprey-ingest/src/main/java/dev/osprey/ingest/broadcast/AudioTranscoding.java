package dev.osprey.ingest.broadcast;

/** Turns an encoder's AAC into the Opus that WebRTC viewers take, off the caller's thread. */
public interface AudioTranscoding {

    /**
     * A transcoder for the AAC that {@code audioSpecificConfig} describes; its Opus packets (20 ms, 48 kHz
     * RTP timestamps following the input's) go to {@code out} on the transcoder's own thread.
     *
     * @throws IllegalArgumentException when the configuration is not AAC that can be decoded
     */
    Transcoder open(byte[] audioSpecificConfig, OpusOut out);

    /** One stream's transcoder. */
    interface Transcoder extends AutoCloseable {
        /**
         * Queues one raw AAC frame (no ADTS header) taken at {@code timestamp} in units of {@code clockRate}
         * per second; never blocks (a full queue drops it).
         */
        void submit(byte[] frame, int off, int len, long timestamp, int clockRate);

        @Override
        void close();
    }

    /** Where the Opus packets go; the array is reused after the call. */
    @FunctionalInterface
    interface OpusOut {
        void opus(byte[] packet, int length, long rtpTimestamp);
    }
}
