package dev.osprey.record.hls;

/**
 * How one stream is segmented, from Ant Media's settings.
 *
 * @param segmentSeconds   {@code hlsTime}: segments are cut at the first keyframe after this long
 * @param listSize         {@code hlsListSize}: segments a live playlist lists
 * @param playlistType     {@code hlsPlayListType}: "" (a sliding live window), "event" or "vod" (every segment kept)
 * @param segmentType      {@code hlsSegmentType}
 * @param partMillis       the LL-HLS part target; 0 turns Low-Latency HLS off (whole segments only)
 * @param programDateTime  {@code hlsflags} has {@code program_date_time}
 */
public record HlsSettings(double segmentSeconds, int listSize, String playlistType,
                          SegmentFormat.SegmentType segmentType, int partMillis, boolean programDateTime) {
    public static final int DEFAULT_PART_MILLIS = 500;

    public HlsSettings {
        if (!(segmentSeconds >= 0.5 && segmentSeconds <= 60) || listSize < 2 || listSize > 10_000
                || partMillis < 0 || partMillis > 5_000 || segmentType == null) {
            throw new IllegalArgumentException("bad HLS settings: hlsTime " + segmentSeconds + ", hlsListSize "
                    + listSize + ", part " + partMillis + " ms");
        }
        playlistType = playlistType == null ? "" : playlistType.trim().toLowerCase(java.util.Locale.ROOT);
        if (!playlistType.isEmpty() && !playlistType.equals("event") && !playlistType.equals("vod")) {
            throw new IllegalArgumentException("hlsPlayListType is \"\", \"event\" or \"vod\", not " + playlistType);
        }
    }

    /** Ant Media's defaults: 2 s segments, 15 listed, a sliding window, MPEG-TS, 0.5 s parts. */
    public static HlsSettings defaults() {
        return new HlsSettings(2, 15, "", SegmentFormat.SegmentType.MPEGTS, DEFAULT_PART_MILLIS, true);
    }

    public boolean lowLatency() {
        return partMillis > 0;
    }

    /** Every segment stays in the playlist (and on disk): an event or VoD playlist. */
    public boolean keepsAllSegments() {
        return !playlistType.isEmpty();
    }
}
