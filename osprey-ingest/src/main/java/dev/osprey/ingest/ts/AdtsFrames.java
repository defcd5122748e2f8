package dev.osprey.ingest.ts;

import dev.osprey.ingest.audio.AdtsHeader;
import dev.osprey.media.format.MalformedAacException;
import java.util.Arrays;

/**
 * Splits AAC PES payloads into their ADTS frames (ISO/IEC 13818-7 §6.2) and gives each frame its
 * own PTS: the PES's PTS for the first frame that starts in that PES, plus 1024 samples at the
 * frame's sample rate for every frame after it (rounded to the nearest tick, without drift). A frame
 * cut by the end of a PES is completed with the start of the next one and keeps the timing of the
 * frames before it. Bytes that are not a well-formed frame header, as {@link AdtsHeader#parse} judges
 * it, are skipped until the next one.
 */
final class AdtsFrames implements PesSink {
    private static final long TICKS_PER_SECOND = 90_000;
    /** Samples per channel in one AAC frame. */
    private static final int SAMPLES_PER_FRAME = 1024;
    /** frame_length is 13 bits. */
    private static final int MAX_FRAME = 8191;

    private final TsListener listener;
    private final TsCounters counters;
    private final int maxWork;
    private byte[] work = new byte[0];
    private int carried;
    private AdtsHeader header;
    private long basePts = TsDemuxer.NO_TIMESTAMP;
    private long framesSinceBase;

    /** @param maxPesBytes the largest PES payload that can arrive; with a carried frame it bounds the buffer */
    AdtsFrames(TsListener listener, TsCounters counters, int maxPesBytes) {
        this.listener = listener;
        this.counters = counters;
        this.maxWork = maxPesBytes + MAX_FRAME;
    }

    @Override
    public void onPes(byte[] buffer, int from, int to, long pts, long dts) {
        int boundary = carried;
        int length = carried + (to - from);
        if (length > work.length) {
            work = Arrays.copyOf(work, Math.min(Math.max(length, 2 * work.length), maxWork));
        }
        System.arraycopy(buffer, from, work, carried, to - from);
        boolean ptsApplied = false;
        int position = 0;
        while (length - position >= AdtsHeader.MIN_LENGTH) {
            AdtsHeader frameHeader = headerAt(position, length - position);
            if (frameHeader == null) {
                if (length - position < AdtsHeader.MAX_LENGTH) {
                    break; // perhaps a header with a CRC cut by the PES's end: judged when the rest arrives
                }
                position++;
                counters.skippedAdtsBytes++;
                continue;
            }
            int frameLength = frameHeader.frameLength();
            if (position + frameLength > length) {
                break;
            }
            if (position >= boundary && !ptsApplied && pts != TsDemuxer.NO_TIMESTAMP) {
                ptsApplied = true;
                basePts = pts;
                framesSinceBase = 0;
            } else if (header != null && frameHeader.sampleRate() != header.sampleRate()
                    && basePts != TsDemuxer.NO_TIMESTAMP) {
                basePts = ptsOfNextFrame();
                framesSinceBase = 0;
            }
            header = frameHeader;
            long framePts = ptsOfNextFrame();
            if (basePts != TsDemuxer.NO_TIMESTAMP) {
                framesSinceBase++;
            }
            listener.onAudioFrame(TsCodec.AAC, framePts, Arrays.copyOfRange(work, position, position + frameLength),
                    frameHeader);
            position += frameLength;
        }
        carried = length - position;
        System.arraycopy(work, position, work, 0, carried);
    }

    @Override
    public void reset() {
        carried = 0;
        basePts = TsDemuxer.NO_TIMESTAMP;
        framesSinceBase = 0;
    }

    @Override
    public int retainedBytes() {
        return work.length;
    }

    private long ptsOfNextFrame() {
        if (basePts == TsDemuxer.NO_TIMESTAMP || header == null) {
            return TsDemuxer.NO_TIMESTAMP;
        }
        long rate = header.sampleRate();
        return basePts + (framesSinceBase * SAMPLES_PER_FRAME * TICKS_PER_SECOND + rate / 2) / rate;
    }

    /**
     * The header at {@code at}, or null when there is none: the same instance as the previous frame's
     * when all its fields are equal. Most bytes of damaged input fail the sync-word test, which
     * allocates nothing; only the rest pay for a parse and its exception.
     */
    private AdtsHeader headerAt(int at, int available) {
        if (!AdtsHeader.syncWordAt(work, at)) {
            return null;
        }
        try {
            AdtsHeader parsed = AdtsHeader.parse(work, at, available);
            return parsed.equals(header) ? header : parsed;
        } catch (MalformedAacException e) {
            return null;
        }
    }
}
