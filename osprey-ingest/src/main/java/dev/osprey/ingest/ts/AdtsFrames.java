package dev.osprey.ingest.ts;

import java.util.Arrays;

/**
 * Splits AAC PES payloads into their ADTS frames (ISO/IEC 13818-7 §6.2) and gives each frame its
 * own PTS: the PES's PTS for the first frame that starts in that PES, plus 1024 samples at the
 * frame's sample rate for every frame after it (rounded to the nearest tick, without drift). A frame cut by the end of a PES is completed with
 * the start of the next one and keeps the timing of the frames before it. Bytes that are not a
 * well-formed frame header are skipped until the next sync word.
 */
final class AdtsFrames implements PesSink {
    private static final int MIN_HEADER = 7;
    private static final long TICKS_PER_SECOND = 90_000;
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
        while (length - position >= MIN_HEADER) {
            int frameLength = frameLengthAt(position);
            if (frameLength < 0) {
                position++;
                counters.skippedAdtsBytes++;
                continue;
            }
            if (position + frameLength > length) {
                break;
            }
            AdtsHeader frameHeader = headerAt(position);
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
        return basePts + (framesSinceBase * AdtsHeader.SAMPLES_PER_FRAME * TICKS_PER_SECOND + rate / 2) / rate;
    }

    /** The frame_length of a plausible ADTS header at {@code at}, or -1. */
    private int frameLengthAt(int at) {
        if ((work[at] & 0xFF) != 0xFF || (work[at + 1] & 0xF6) != 0xF0) {
            return -1; // sync word 0xFFF, layer 00
        }
        if (AdtsHeader.sampleRate((work[at + 2] >>> 2) & 0x0F) == 0) {
            return -1;
        }
        int frameLength = ((work[at + 3] & 0x03) << 11) | ((work[at + 4] & 0xFF) << 3) | ((work[at + 5] & 0xE0) >>> 5);
        boolean hasCrc = (work[at + 1] & 0x01) == 0;
        return frameLength < (hasCrc ? 9 : 7) || frameLength > MAX_FRAME ? -1 : frameLength;
    }

    /** The header at {@code at}: the same instance as the previous frame's when nothing changed. */
    private AdtsHeader headerAt(int at) {
        int objectType = ((work[at + 2] & 0xFF) >>> 6) + 1;
        int rateIndex = (work[at + 2] >>> 2) & 0x0F;
        int channels = ((work[at + 2] & 0x01) << 2) | ((work[at + 3] & 0xFF) >>> 6);
        boolean hasCrc = (work[at + 1] & 0x01) == 0;
        AdtsHeader previous = header;
        if (previous != null && previous.audioObjectType() == objectType && previous.sampleRateIndex() == rateIndex
                && previous.channelConfiguration() == channels && previous.hasCrc() == hasCrc) {
            return previous;
        }
        return new AdtsHeader(objectType, rateIndex, AdtsHeader.sampleRate(rateIndex), channels, hasCrc);
    }
}
