package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Reads a transport-cc feedback packet (see {@link TransportCc}) packet by packet, without
 * allocating. {@link #wrap} checks that the chunks cover the packet status count and that every
 * receive delta they announce is inside the packet; {@link #next()} then yields, for each
 * sequence number from the base, whether it arrived and its arrival time in microseconds
 * (on the sender-independent clock of the reference time). Reusable; one instance per thread.
 */
public final class TransportCcReader {
    private static final int RUN = 0;
    private static final int ONE_BIT = 1;
    private static final int TWO_BIT = 2;

    private byte[] buf;
    private int off;
    private int statusCount;

    private int produced;
    private int chunkPos;
    private int chunk;
    private int chunkKind;
    private int chunkCapacity;
    private int posInChunk;
    private int deltaPos;
    private long ticks;

    private int status;
    private int delta;

    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (!Rtcp.is(buf, off, len, Rtcp.PT_RTPFB, Rtcp.FMT_TRANSPORT_CC) || len < TransportCc.MIN_LENGTH) {
            return false;
        }
        int count = Bytes.u16(buf, off + 14);
        if (count == 0) {
            return false;
        }
        int end = off + len;
        int p = off + TransportCc.MIN_LENGTH;
        int seen = 0;
        int deltaBytes = 0;
        while (seen < count) {
            if (p + 2 > end) {
                return false;
            }
            int c = Bytes.u16(buf, p);
            p += 2;
            int kind = kindOf(c);
            int n = Math.min(capacityOf(c, kind), count - seen);
            for (int i = 0; i < n; i++) {
                int s = symbolOf(c, kind, i);
                if (s > TransportCc.LARGE_DELTA) {
                    return false;
                }
                deltaBytes += TransportCc.deltaSize(s);
            }
            seen += n;
        }
        if (p + deltaBytes > end) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.statusCount = count;
        this.produced = 0;
        this.chunkPos = off + TransportCc.MIN_LENGTH;
        this.chunkCapacity = 0;
        this.posInChunk = 0;
        this.deltaPos = p;
        this.ticks = (long) referenceTime() * TransportCc.TICKS_PER_REFERENCE;
        return true;
    }

    private static int kindOf(int c) {
        return (c & 0x8000) == 0 ? RUN : (c & 0x4000) == 0 ? ONE_BIT : TWO_BIT;
    }

    private static int capacityOf(int c, int kind) {
        return kind == RUN ? c & TransportCc.MAX_RUN_LENGTH : kind == ONE_BIT ? 14 : 7;
    }

    private static int symbolOf(int c, int kind, int i) {
        return switch (kind) {
            case RUN -> (c >>> 13) & 3;
            case ONE_BIT -> (c >>> (13 - i)) & 1;
            default -> (c >>> (12 - 2 * i)) & 3;
        };
    }

    public int senderSsrc() {
        return Bytes.i32(buf, off + 4);
    }

    public int mediaSsrc() {
        return Bytes.i32(buf, off + 8);
    }

    public int baseSequenceNumber() {
        return Bytes.u16(buf, off + 12);
    }

    public int packetStatusCount() {
        return statusCount;
    }

    /** Signed 24-bit reference time in 64 ms units. */
    public int referenceTime() {
        return Bytes.u24(buf, off + 16) << 8 >> 8;
    }

    public int feedbackPacketCount() {
        return buf[off + 19] & 0xFF;
    }

    /** Advances to the next sequence number; false after {@link #packetStatusCount()} of them. */
    public boolean next() {
        if (buf == null || produced == statusCount) {
            return false;
        }
        while (posInChunk == chunkCapacity) {
            chunk = Bytes.u16(buf, chunkPos);
            chunkPos += 2;
            chunkKind = kindOf(chunk);
            chunkCapacity = capacityOf(chunk, chunkKind);
            posInChunk = 0;
        }
        status = symbolOf(chunk, chunkKind, posInChunk++);
        produced++;
        if (status == TransportCc.SMALL_DELTA) {
            delta = buf[deltaPos++] & 0xFF;
        } else if (status == TransportCc.LARGE_DELTA) {
            delta = (short) Bytes.u16(buf, deltaPos);
            deltaPos += 2;
        } else {
            delta = 0;
        }
        ticks += delta;
        return true;
    }

    public int sequenceNumber() {
        return (baseSequenceNumber() + produced - 1) & 0xFFFF;
    }

    /** {@link TransportCc#NOT_RECEIVED}, {@link TransportCc#SMALL_DELTA} or {@link TransportCc#LARGE_DELTA}. */
    public int status() {
        return status;
    }

    public boolean received() {
        return status != TransportCc.NOT_RECEIVED;
    }

    /** The receive delta of the current packet in 250 us ticks (0 when not received). */
    public int deltaTicks() {
        return delta;
    }

    /** Arrival time of the current packet in microseconds; meaningful only when {@link #received()}. */
    public long arrivalMicros() {
        return ticks * TransportCc.DELTA_TICK_MICROS;
    }
}
