package dev.osprey.ingest.ts;

import java.util.Arrays;

/**
 * Reassembles the PES packets (§2.4.3.6) of one elementary stream's PID and hands each complete one
 * to a {@link PesSink}. A PES starts with a packet whose payload_unit_start_indicator is set and
 * ends when its PES_packet_length is reached or, when that length is 0 (unbounded, allowed for
 * video), when the next one starts. The buffer grows with the bytes that actually arrive, up to a
 * limit; a PES beyond it is dropped.
 */
final class PesAssembler extends PidHandler {
    private static final int INITIAL_CAPACITY = 16 * 1024;
    private static final int START_CODE_AND_LENGTH = 6;
    private static final int FIXED_HEADER = 9;
    private static final int UNBOUNDED = -1;
    private static final int NOT_YET_KNOWN = -2;
    private static final int PTS_ONLY = 2;
    private static final int PTS_AND_DTS = 3;

    private final PesSink sink;
    private final TimestampUnwrapper unwrapper;
    private final TsCounters counters;
    private final int maxPesBytes;
    private byte[] buffer = new byte[0];
    private int length;
    private boolean assembling;
    private int expectedLength = NOT_YET_KNOWN;

    PesAssembler(PesSink sink, TimestampUnwrapper unwrapper, TsCounters counters, int maxPesBytes) {
        this.sink = sink;
        this.unwrapper = unwrapper;
        this.counters = counters;
        this.maxPesBytes = maxPesBytes;
    }

    PesSink sink() {
        return sink;
    }

    @Override
    void onPayload(byte[] packet, int offset, int count, boolean unitStart) {
        if (unitStart) {
            if (assembling) {
                complete();
            }
            assembling = true;
            length = 0;
            expectedLength = NOT_YET_KNOWN;
        } else if (!assembling) {
            return;
        }
        if (count > maxPesBytes - length) {
            counters.droppedPes++;
            counters.oversizedPes++;
            abandon();
            return;
        }
        ensureCapacity(length + count);
        System.arraycopy(packet, offset, buffer, length, count);
        length += count;
        if (expectedLength == NOT_YET_KNOWN && length >= START_CODE_AND_LENGTH) {
            if (buffer[0] != 0 || buffer[1] != 0 || buffer[2] != 1) {
                counters.droppedPes++;
                abandon();
                return;
            }
            int packetLength = ((buffer[4] & 0xFF) << 8) | (buffer[5] & 0xFF);
            expectedLength = packetLength == 0 ? UNBOUNDED : START_CODE_AND_LENGTH + packetLength;
        }
        if (expectedLength > 0 && length >= expectedLength) {
            complete();
        }
    }

    @Override
    void onDiscontinuity() {
        if (assembling) {
            counters.droppedPes++;
            abandon();
        }
        sink.reset();
    }

    /** Delivers an unbounded PES that is still open, at the end of the stream. */
    void flush() {
        if (assembling) {
            complete();
        }
    }

    @Override
    int retainedBytes() {
        return buffer.length + sink.retainedBytes();
    }

    private void abandon() {
        assembling = false;
        length = 0;
    }

    private void complete() {
        assembling = false;
        int end = expectedLength > 0 ? Math.min(expectedLength, length) : length;
        if (end < FIXED_HEADER || expectedLength == NOT_YET_KNOWN) {
            counters.droppedPes++;
            return;
        }
        if (!hasOptionalHeader(buffer[3] & 0xFF)) {
            return; // padding or a private or system stream: nothing for the sink
        }
        int payloadStart = FIXED_HEADER + (buffer[8] & 0xFF);
        if (payloadStart > end) {
            counters.droppedPes++;
            return;
        }
        int timestampFlags = (buffer[7] & 0xFF) >>> 6;
        long pts = TsDemuxer.NO_TIMESTAMP;
        long dts = TsDemuxer.NO_TIMESTAMP;
        if (timestampFlags == PTS_AND_DTS && payloadStart >= FIXED_HEADER + 10) {
            dts = unwrapper.unwrap(timestamp(FIXED_HEADER + 5));
            pts = unwrapper.unwrap(timestamp(FIXED_HEADER));
        } else if (timestampFlags >= PTS_ONLY && payloadStart >= FIXED_HEADER + 5) {
            pts = unwrapper.unwrap(timestamp(FIXED_HEADER));
            dts = pts;
        }
        sink.onPes(buffer, payloadStart, end, pts, dts);
    }

    /** Stream ids whose PES packets have no optional header, and no media of ours (§2.4.3.7). */
    private static boolean hasOptionalHeader(int streamId) {
        return switch (streamId) {
            case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF -> false;
            default -> true;
        };
    }

    /** A 33-bit PTS or DTS in its five bytes, marker bits ignored (§2.4.3.7). */
    private long timestamp(int at) {
        return ((long) (buffer[at] & 0x0E) << 29)
                | ((buffer[at + 1] & 0xFF) << 22)
                | ((buffer[at + 2] & 0xFE) << 14)
                | ((buffer[at + 3] & 0xFF) << 7)
                | ((buffer[at + 4] & 0xFE) >>> 1);
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int capacity = Math.max(INITIAL_CAPACITY, buffer.length);
            while (capacity < needed) {
                capacity = (int) Math.min((long) capacity * 2, maxPesBytes);
            }
            buffer = Arrays.copyOf(buffer, capacity);
        }
    }
}
