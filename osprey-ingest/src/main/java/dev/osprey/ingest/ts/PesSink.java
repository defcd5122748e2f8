package dev.osprey.ingest.ts;

/** Turns the payload of complete PES packets into what the listener receives. */
interface PesSink {
    /**
     * One PES packet's payload, {@code buffer[from..to)}, valid only during the call. Timestamps are
     * unwrapped, or {@link TsDemuxer#NO_TIMESTAMP}.
     */
    void onPes(byte[] buffer, int from, int to, long pts, long dts);

    /** The stream was cut: forget anything carried over from earlier packets. */
    void reset();

    /** Bytes held between PES packets, for the memory bound. */
    int retainedBytes();
}
