package dev.osprey.record.hls;

/** Makes the segment format a stream's settings name. */
final class SegmentFormats {
    private SegmentFormats() {
    }

    static SegmentFormat create(SegmentFormat.SegmentType type, H264Config video, AacConfig audio) {
        return switch (type) {
            case FMP4 -> new Fmp4Format(video, audio);
            case MPEGTS -> new TsFormat(video, audio);
        };
    }
}
