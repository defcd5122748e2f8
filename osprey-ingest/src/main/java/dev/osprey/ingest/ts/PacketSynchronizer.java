package dev.osprey.ingest.ts;

/**
 * Cuts a byte stream split at arbitrary points into 188-byte transport packets. A packet is handed
 * on only when it starts with the sync byte 0x47. When a packet boundary holds anything else, sync
 * is lost and the synchroniser skips bytes until it finds a 0x47 that repeats 188 bytes later.
 */
final class PacketSynchronizer {
    static final int PACKET_SIZE = 188;
    static final byte SYNC_BYTE = 0x47;

    /** Receives each packet; the bytes are valid only during the call. */
    @FunctionalInterface
    interface PacketSink {
        void onPacket(byte[] buffer, int offset);
    }

    private final byte[] buffer = new byte[PACKET_SIZE * 24];
    private final PacketSink sink;
    private final TsCounters counters;
    private int start;
    private int end;
    private boolean synced;
    private boolean everSynced;

    PacketSynchronizer(PacketSink sink, TsCounters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    void feed(byte[] data, int offset, int length) {
        while (length > 0) {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int copied = Math.min(length, buffer.length - end);
            System.arraycopy(data, offset, buffer, end, copied);
            end += copied;
            offset += copied;
            length -= copied;
            drain();
        }
    }

    /** Bytes held back until more arrive (less than two packets). */
    int buffered() {
        return end - start;
    }

    private void drain() {
        while (true) {
            int available = end - start;
            if (synced) {
                if (available < PACKET_SIZE) {
                    return;
                }
                if (buffer[start] == SYNC_BYTE) {
                    sink.onPacket(buffer, start);
                    start += PACKET_SIZE;
                    continue;
                }
                synced = false;
                counters.syncLosses++;
            }
            if (available <= PACKET_SIZE) {
                return;
            }
            if (buffer[start] == SYNC_BYTE && buffer[start + PACKET_SIZE] == SYNC_BYTE) {
                synced = true;
                if (everSynced) {
                    counters.resyncs++;
                }
                everSynced = true;
            } else {
                start++;
                counters.skippedBytes++;
            }
        }
    }
}
