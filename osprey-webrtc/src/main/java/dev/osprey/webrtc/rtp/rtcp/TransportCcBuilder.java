package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Collects (transport sequence number, arrival time) pairs and writes them as one transport-cc
 * feedback packet (see {@link TransportCc}). A receiver sends these so that a publishing browser's
 * bandwidth estimator, and with it the encoder bitrate, ramps up.
 *
 * <p>Sequence numbers must be added in increasing order; gaps are reported as not received.
 * {@link #add} returns false when a pair cannot join this packet (out of order, more than the
 * capacity after the base, or a delta beyond the 16-bit range): write the packet, {@link #reset()},
 * and add the pair again. All buffers are allocated in the constructor.
 */
public final class TransportCcBuilder {
    private final byte[] symbols;
    private final short[] deltas;
    private final short[] chunks;

    private int baseSequence;
    private int count;
    private int referenceTime;
    private long lastTicks;

    /** @param capacity the largest packet status count one packet may hold (1..65535) */
    public TransportCcBuilder(int capacity) {
        if (capacity < 1 || capacity > 0xFFFF) {
            throw new IllegalArgumentException("capacity must be 1..65535: " + capacity);
        }
        symbols = new byte[capacity];
        deltas = new short[capacity];
        chunks = new short[capacity / 7 + 2];
    }

    public void reset() {
        count = 0;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Packet status count so far: sequence numbers from the base up to the last one added. */
    public int packetStatusCount() {
        return count;
    }

    /** Adds a received packet; see the class comment for when this returns false. */
    public boolean add(int sequenceNumber, long arrivalMicros) {
        sequenceNumber &= 0xFFFF;
        long ticks = Math.floorDiv(arrivalMicros, TransportCc.DELTA_TICK_MICROS);
        if (count == 0) {
            baseSequence = sequenceNumber;
            referenceTime = (int) Math.floorDiv(arrivalMicros, TransportCc.REFERENCE_TIME_MICROS);
            lastTicks = (long) referenceTime * TransportCc.TICKS_PER_REFERENCE;
        }
        int index = (sequenceNumber - baseSequence) & 0xFFFF;
        long delta = ticks - lastTicks;
        if (index < count || index >= symbols.length || delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            return false;
        }
        for (int i = count; i < index; i++) {
            symbols[i] = TransportCc.NOT_RECEIVED;
        }
        symbols[index] = (byte) (delta >= 0 && delta <= 0xFF ? TransportCc.SMALL_DELTA : TransportCc.LARGE_DELTA);
        deltas[index] = (short) delta;
        lastTicks = ticks;
        count = index + 1;
        return true;
    }

    /**
     * Writes the feedback packet. Returns its length, or -1 when nothing was added or it does not fit.
     */
    public int write(byte[] dst, int off, int senderSsrc, int mediaSsrc, int feedbackPacketCount) {
        if (count == 0) {
            return -1;
        }
        int chunkCount = encodeChunks();
        int deltaBytes = 0;
        for (int i = 0; i < count; i++) {
            deltaBytes += TransportCc.deltaSize(symbols[i]);
        }
        int unpadded = TransportCc.MIN_LENGTH + 2 * chunkCount + deltaBytes;
        int total = (unpadded + 3) & ~3;
        if (!Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_TRANSPORT_CC, Rtcp.PT_RTPFB, total);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put32(dst, off + 8, mediaSsrc);
        Bytes.put16(dst, off + 12, baseSequence);
        Bytes.put16(dst, off + 14, count);
        Bytes.put24(dst, off + 16, referenceTime);
        dst[off + 19] = (byte) feedbackPacketCount;
        int p = off + TransportCc.MIN_LENGTH;
        for (int i = 0; i < chunkCount; i++, p += 2) {
            Bytes.put16(dst, p, chunks[i]);
        }
        for (int i = 0; i < count; i++) {
            if (symbols[i] == TransportCc.SMALL_DELTA) {
                dst[p++] = (byte) deltas[i];
            } else if (symbols[i] == TransportCc.LARGE_DELTA) {
                Bytes.put16(dst, p, deltas[i]);
                p += 2;
            }
        }
        int pad = total - unpadded;
        if (pad > 0) {
            // RFC 3550 padding: P bit set, the last byte counts the padding bytes
            dst[off] |= 0x20;
            for (int i = 0; i < pad - 1; i++) {
                dst[p++] = 0;
            }
            dst[p] = (byte) pad;
        }
        return total;
    }

    /**
     * Greedy chunking: long runs become run-length chunks; otherwise a 1-bit vector when the next
     * 14 symbols need no large delta, else a run of 7+ or a 2-bit vector of 7.
     */
    private int encodeChunks() {
        int n = 0;
        int i = 0;
        while (i < count) {
            int symbol = symbols[i];
            int run = 1;
            while (i + run < count && run < TransportCc.MAX_RUN_LENGTH && symbols[i + run] == symbol) {
                run++;
            }
            int window = Math.min(14, count - i);
            if (run >= 14) {
                chunks[n++] = (short) (symbol << 13 | run);
                i += run;
            } else if (allSmall(i, window)) {
                int c = 0x8000;
                for (int k = 0; k < window; k++) {
                    c |= symbols[i + k] << (13 - k);
                }
                chunks[n++] = (short) c;
                i += window;
            } else if (run >= 7) {
                chunks[n++] = (short) (symbol << 13 | run);
                i += run;
            } else {
                window = Math.min(7, count - i);
                int c = 0xC000;
                for (int k = 0; k < window; k++) {
                    c |= symbols[i + k] << (12 - 2 * k);
                }
                chunks[n++] = (short) c;
                i += window;
            }
        }
        return n;
    }

    private boolean allSmall(int from, int n) {
        for (int k = from; k < from + n; k++) {
            if (symbols[k] == TransportCc.LARGE_DELTA) {
                return false;
            }
        }
        return true;
    }
}
