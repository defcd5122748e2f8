package dev.osprey.record.hls;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names of a stream's HLS output, as Ant Media names them: {@code {streamId}.m3u8},
 * segments {@code {streamId}{msn:%09d}.ts} (fMP4: {@code .m4s}), init segments
 * {@code {streamId}_{millis}_init.mp4}; Osprey's LL-HLS parts add {@code _p{index}} to their segment's name.
 */
public final class HlsNames {
    private static final Pattern SEGMENT = Pattern.compile("(.+?)(\\d{9})(?:_p(\\d{1,4}))?\\.(ts|m4s)");
    private static final Pattern INIT = Pattern.compile("(.+)_(\\d{1,19})_init\\.mp4");

    /** A segment or a part named in a request; part is -1 for a whole segment. */
    public record MediaName(String streamId, long msn, int part, SegmentFormat.SegmentType type) {
    }

    private HlsNames() {
    }

    public static String playlist(String streamId) {
        return streamId + ".m3u8";
    }

    public static String segment(String streamId, long msn, SegmentFormat.SegmentType type) {
        return streamId + String.format("%09d", msn) + type.extension();
    }

    public static String part(String streamId, long msn, int part, SegmentFormat.SegmentType type) {
        return streamId + String.format("%09d", msn) + "_p" + part + type.extension();
    }

    public static String init(String streamId, long millis) {
        return streamId + "_" + millis + "_init.mp4";
    }

    /** The stream of a playlist name, or null when it is not {@code *.m3u8}. */
    public static String playlistStream(String fileName) {
        return fileName.endsWith(".m3u8") && fileName.length() > 5 ? fileName.substring(0, fileName.length() - 5) : null;
    }

    /** The segment or part a file name names, or null. */
    public static MediaName media(String fileName) {
        Matcher m = SEGMENT.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        int part = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        return new MediaName(m.group(1), Long.parseLong(m.group(2)), part,
                m.group(4).equals("ts") ? SegmentFormat.SegmentType.MPEGTS : SegmentFormat.SegmentType.FMP4);
    }

    /** The stream of an init segment's name, or null. */
    public static String initStream(String fileName) {
        Matcher m = INIT.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }
}
