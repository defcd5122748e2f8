package dev.osprey.record.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a stream's media playlist (RFC 8216, and draft-pantos-hls-rfc8216bis for Low-Latency HLS):
 * segments, the parts of the newest segments, the preload hint of the next part, and with
 * {@code skip} a delta update that replaces the older segments by {@code EXT-X-SKIP}.
 */
final class PlaylistWriter {
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final String streamId;
    private final HlsSettings settings;

    PlaylistWriter(String streamId, HlsSettings settings) {
        this.streamId = streamId;
        this.settings = settings;
    }

    /** The live playlist as readers get it; with {@code skip}, the delta update ({@code _HLS_skip=YES}). */
    String live(HlsStream.State s, boolean skip) {
        boolean ll = settings.lowLatency();
        int target = s.targetDuration();
        double partTarget = settings.partMillis() / 1000.0;
        StringBuilder out = new StringBuilder(1024);
        out.append("#EXTM3U\n#EXT-X-VERSION:").append(ll ? 9 : settings.segmentType() == SegmentFormat.SegmentType.FMP4 ? 7 : 3)
                .append('\n');
        out.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        List<HlsStream.Segment> segments = s.segments();
        long firstMsn = !segments.isEmpty() ? segments.get(0).msn() : s.current() != null ? s.current().msn() : 0;
        out.append("#EXT-X-MEDIA-SEQUENCE:").append(firstMsn).append('\n');
        if (s.discontinuitySequence() > 0) {
            out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(s.discontinuitySequence()).append('\n');
        }
        if (settings.keepsAllSegments()) {
            out.append("#EXT-X-PLAYLIST-TYPE:").append(s.ended() && settings.playlistType().equals("vod") ? "VOD" : "EVENT")
                    .append('\n');
        }
        out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        double skipUntil = 6.0 * target;
        if (ll) {
            out.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=").append(seconds(skipUntil))
                    .append(",PART-HOLD-BACK=").append(seconds(3 * partTarget)).append('\n');
            out.append("#EXT-X-PART-INF:PART-TARGET=").append(seconds(partTarget)).append('\n');
        }
        // Parts are listed for the segments of the last three target durations, the open one included.
        double fromEnd = 0;
        int partsFrom = segments.size();
        while (partsFrom > 0 && fromEnd + segments.get(partsFrom - 1).duration() <= 3.0 * target) {
            fromEnd += segments.get(partsFrom - 1).duration();
            partsFrom--;
        }
        int skipped = 0;
        if (skip) {
            double kept = 0;
            int keepFrom = segments.size();
            while (keepFrom > 0 && kept + segments.get(keepFrom - 1).duration() < skipUntil) {
                kept += segments.get(keepFrom - 1).duration();
                keepFrom--;
            }
            skipped = keepFrom;
            if (skipped > 0) {
                out.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
            }
        }
        String map = null;
        for (int i = skipped; i < segments.size(); i++) {
            HlsStream.Segment seg = segments.get(i);
            map = segmentHeader(out, seg, map, i == skipped);
            if (ll && i >= partsFrom) {
                parts(out, seg);
            }
            out.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", seg.duration())).append(",\n");
            out.append(HlsNames.segment(streamId, seg.msn(), settings.segmentType())).append('\n');
        }
        HlsStream.Segment current = s.current();
        if (current != null && ll) {
            segmentHeader(out, current, map, segments.size() == skipped);
            parts(out, current);
            out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"")
                    .append(HlsNames.part(streamId, current.msn(), current.parts().size(), settings.segmentType()))
                    .append("\"\n");
        }
        if (s.ended()) {
            out.append("#EXT-X-ENDLIST\n");
        }
        return out.toString();
    }

    /** The tags before a segment; returns the map in force after it. */
    private String segmentHeader(StringBuilder out, HlsStream.Segment seg, String map, boolean first) {
        if (seg.discontinuity() && !first) {
            out.append("#EXT-X-DISCONTINUITY\n");
        }
        if (seg.map() != null && (first || !seg.map().equals(map))) {
            out.append("#EXT-X-MAP:URI=\"").append(seg.map()).append("\"\n");
        }
        if (settings.programDateTime() && seg.programDateTimeMillis() > 0) {
            out.append("#EXT-X-PROGRAM-DATE-TIME:")
                    .append(DATE_TIME.format(Instant.ofEpochMilli(seg.programDateTimeMillis()))).append('\n');
        }
        return seg.map();
    }

    private void parts(StringBuilder out, HlsStream.Segment seg) {
        for (HlsStream.Part p : seg.parts()) {
            out.append("#EXT-X-PART:DURATION=").append(String.format(Locale.ROOT, "%.3f", p.duration()))
                    .append(",URI=\"").append(HlsNames.part(streamId, p.msn(), p.index(), settings.segmentType()))
                    .append('"');
            if (p.independent()) {
                out.append(",INDEPENDENT=YES");
            }
            out.append('\n');
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
    }
}
