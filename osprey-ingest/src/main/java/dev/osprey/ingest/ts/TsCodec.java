package dev.osprey.ingest.ts;

/** The elementary stream types the demuxer takes out of a transport stream; others are ignored. */
public enum TsCodec {
    /** H.264 / AVC video, Annex B byte stream (stream_type 0x1B). */
    H264(0x1B, true),
    /** H.265 / HEVC video, Annex B byte stream (stream_type 0x24). */
    H265(0x24, true),
    /** AAC audio in ADTS frames (stream_type 0x0F). */
    AAC(0x0F, false);

    private final int streamType;
    private final boolean video;

    TsCodec(int streamType, boolean video) {
        this.streamType = streamType;
        this.video = video;
    }

    /** The PMT stream_type that announces this codec. */
    public int streamType() {
        return streamType;
    }

    /** Whether this is a video codec (access units) rather than audio (frames). */
    public boolean isVideo() {
        return video;
    }

    /** The codec a PMT stream_type announces, or {@code null} when the demuxer does not take it. */
    public static TsCodec forStreamType(int streamType) {
        for (TsCodec codec : values()) {
            if (codec.streamType == streamType) {
                return codec;
            }
        }
        return null;
    }
}
