package dev.osprey.media.frame;

/** What a {@link ReorderWindow} releases, in sequence order. */
interface PacketOutput {
    /** The next packet; {@code buf} is reused once the call returns. */
    void packet(long sequence, int timestamp, boolean marker, byte[] buf, int off, int len, long arrivalNanos);

    /** {@code count} packets before the next released one are lost. */
    void lost(long count);

    /** The sequence numbers jumped back far: a new stream started, whatever came before is gone. */
    void restarted();
}
