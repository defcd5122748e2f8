package dev.osprey.record;

import java.util.Locale;
import java.util.Set;

/**
 * The file formats a {@link Recorder} writes, each with the codecs it takes as they come off the
 * broadcast (video is never re-encoded) and the FFmpeg muxer options that keep a file readable when
 * the process dies mid-recording.
 */
public enum Container {
    /**
     * Fragmented MP4: an empty {@code moov} first, then a fragment per keyframe, so a killed recorder
     * leaves a file playable up to its last fragment. H.264 video; Opus audio goes in as AAC.
     */
    MP4("mp4", "mp4", Set.of("h264"), Set.of("opus")),
    /**
     * WebM (Matroska): clusters cut at least every second, so a killed recorder loses at most about a
     * second; cues and duration are written when it closes. VP8, VP9 or AV1 video, Opus audio as is.
     */
    WEBM("webm", "webm", Set.of("vp8", "vp9", "av1"), Set.of("opus"));

    private final String muxer;
    private final String extension;
    private final Set<String> videoCodecs;
    private final Set<String> audioCodecs;

    Container(String muxer, String extension, Set<String> videoCodecs, Set<String> audioCodecs) {
        this.muxer = muxer;
        this.extension = extension;
        this.videoCodecs = videoCodecs;
        this.audioCodecs = audioCodecs;
    }

    /** FFmpeg's name of the muxer. */
    String muxer() {
        return muxer;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** True when video of {@code codec} (as in {@code a=rtpmap}, any case) goes into this container as is. */
    public boolean holdsVideo(String codec) {
        return videoCodecs.contains(codec.toLowerCase(Locale.ROOT));
    }

    /** True when audio of {@code codec} (as in {@code a=rtpmap}, any case) can be written to this container. */
    public boolean holdsAudio(String codec) {
        return audioCodecs.contains(codec.toLowerCase(Locale.ROOT));
    }

    /** The container that holds video of {@code codec}, or null when none does. */
    public static Container forVideo(String codec) {
        for (Container c : values()) {
            if (c.holdsVideo(codec)) {
                return c;
            }
        }
        return null;
    }
}
