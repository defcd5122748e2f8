package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;

/** Makes the segment format a stream's settings name. */
final class SegmentFormats {
    private SegmentFormats() {
    }

    static SegmentFormat create(SegmentFormat.SegmentType type, H264Config video, AudioSpecificConfig audio) {
        return switch (type) {
            case FMP4 -> new Fmp4Format(video, audio);
            case MPEGTS -> new TsFormat(video, audio);
        };
    }
}
