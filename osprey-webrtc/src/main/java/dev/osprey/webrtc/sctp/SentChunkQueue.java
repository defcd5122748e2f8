package dev.osprey.webrtc.sctp;

/** Outstanding chunks in TSN order (consecutive TSNs), with access by TSN. A growable ring. */
final class SentChunkQueue {
    private SentChunk[] ring = new SentChunk[256];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    SentChunk first() {
        return ring[head];
    }

    SentChunk get(int index) {
        return ring[(head + index) & (ring.length - 1)];
    }

    /** The chunk with this TSN, or null if it is not outstanding. */
    SentChunk byTsn(long tsn) {
        if (size == 0) {
            return null;
        }
        long index = tsn - ring[head].tsn;
        return index >= 0 && index < size ? get((int) index) : null;
    }

    void add(SentChunk c) {
        if (size == ring.length) {
            SentChunk[] bigger = new SentChunk[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = get(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = c;
        size++;
    }

    SentChunk removeFirst() {
        SentChunk c = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return c;
    }
}
