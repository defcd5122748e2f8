package dev.osprey.loadtest.peer;

import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Send times of one stream's recent packets, keyed by a hash of the payload, so a viewer in the same
 * process can match what it receives to what the publisher sent without anything added to the packet.
 *
 * <p>Why the payload: servers rewrite SSRC, sequence numbers, timestamps and header extensions (and
 * VP8 picture ids), but forward the codec payload untouched. The key skips the VP8 payload descriptor
 * for that reason. A looped clip repeats its payloads every loop; the table keeps the latest send of
 * each, which is the right one as long as the latency is shorter than the clip (seconds).
 *
 * <p>A fixed-size open table (a newer key overwrites an older one in its slot) written by the
 * publisher's thread and read by viewers' threads: the writer clears the key, writes the time, then
 * the key; the reader accepts a time only if the key is the same before and after reading it.
 */
public final class LatencyTags {
    private static final int SIZE = 1 << 13;
    private static final int MASK = SIZE - 1;
    private static final int HASHED_BYTES = 64;

    private final AtomicLongArray keys = new AtomicLongArray(SIZE);
    private final AtomicLongArray times = new AtomicLongArray(SIZE);

    public void put(long key, long sentNanos) {
        int slot = slot(key);
        keys.set(slot, 0);
        times.set(slot, sentNanos);
        keys.set(slot, key);
    }

    /** The send time of the packet with this key, or -1 when unknown. */
    public long sentAt(long key) {
        int slot = slot(key);
        if (keys.get(slot) != key) {
            return -1;
        }
        long t = times.get(slot);
        return keys.get(slot) == key ? t : -1;
    }

    /**
     * The key of an RTP payload: FNV-1a over its length and first {@value #HASHED_BYTES} bytes, after the
     * VP8 descriptor when {@code vp8}. Never 0 (0 marks an empty slot) except for
     * a VP8 payload too short for its descriptor.
     */
    public static long key(byte[] buf, int off, int len, boolean vp8) {
        int skip = 0;
        if (vp8) {
            skip = Vp8Payload.descriptorLength(buf, off, len);
            if (skip < 0 || skip > len) {
                return 0;
            }
        }
        int start = off + skip;
        int n = len - skip;
        long h = 0xcbf29ce484222325L ^ n;
        int end = start + Math.min(n, HASHED_BYTES);
        for (int i = start; i < end; i++) {
            h ^= buf[i] & 0xFF;
            h *= 0x100000001b3L;
        }
        return h | 1;
    }

    private static int slot(long key) {
        return (int) (key ^ (key >>> 29)) & MASK;
    }
}
