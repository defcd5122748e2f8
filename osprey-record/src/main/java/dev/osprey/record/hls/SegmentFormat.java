package dev.osprey.record.hls;

import java.util.List;

/** A container for segments and parts: fragmented MP4 (CMAF) or MPEG-TS. One per stream, one thread. */
public interface SegmentFormat {
    /** The initialisation segment (EXT-X-MAP), or null when the format has none (MPEG-TS). */
    byte[] initSegment();

    /** One chunk holding these samples: a part, and concatenated with its neighbours, a segment. */
    byte[] fragment(List<MediaSample> video, List<MediaSample> audio);

    /** The two formats, named as Ant Media's {@code hlsSegmentType} setting names them. */
    enum SegmentType {
        MPEGTS(".ts", "video/mp2t"),
        /** {@code .m4s} as CMAF names them: FFmpeg's HLS reader takes no {@code .fmp4} (Ant Media's name). */
        FMP4(".m4s", "video/mp4");

        private final String extension;
        private final String contentType;

        SegmentType(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }

        /** {@code mpegts} or {@code fmp4} (case-insensitive); anything else is MPEG-TS, Ant Media's default. */
        public static SegmentType of(String setting) {
            return "fmp4".equalsIgnoreCase(setting == null ? "" : setting.trim()) ? FMP4 : MPEGTS;
        }
    }
}
