package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Cuts a stream's samples into parts and segments and publishes them to its {@link HlsStream}.
 * Segments start at a keyframe once {@code hlsTime} has passed; parts close before they would pass the
 * part target. Video is held back one frame, to know its duration. Audio goes into the part open when it
 * arrives; nothing is written before the first keyframe, so every segment starts decodable. A stream
 * without video is cut on its audio. One thread.
 */
public final class HlsSegmenter {
    /** Hears each completed segment and the end (the files on disk follow the stream with it). */
    public interface SegmentListener {
        void segmentCompleted(HlsStream.State state, HlsStream.Segment segment);

        void ended(HlsStream.State state);
    }

    private static final int VIDEO_CLOCK = 90_000;
    /** A keyframe this close before hlsTime still cuts: keyframe requests land a little early or late. */
    private static final double CUT_TOLERANCE_SECONDS = 0.25;
    /** How much earlier than hlsTime a source is asked for its keyframe (within the tolerance above). */
    private static final double KEYFRAME_LEAD_SECONDS = 0.2;
    /** Audio frames kept while video waits for its first keyframe (about 2 s of AAC at 48 kHz). */
    private static final int MAX_AUDIO_BEFORE_START = 96;
    /** Longest duration given to one video frame (the last, or after a pause). */
    private static final int MAX_FRAME_TICKS = VIDEO_CLOCK / 2;

    private final HlsStream stream;
    private final boolean hasVideo;
    private final int audioClock;
    private final BiFunction<H264Config, AudioSpecificConfig, SegmentFormat> formats;
    private final SegmentListener listener;
    private final long partTicks;
    private final long segmentTicks;

    private AudioSpecificConfig audioConfig;
    private H264Config videoConfig;
    private SegmentFormat format;
    private String map;
    private MediaSample heldVideo;
    private int lastVideoDuration = VIDEO_CLOCK / 30;
    private final List<MediaSample> partVideo = new ArrayList<>();
    private final List<MediaSample> partAudio = new ArrayList<>();
    private final List<MediaSample> audioBeforeStart = new ArrayList<>();
    /** Start of the open segment and part, in the driving track's clock; -1 before the first. */
    private long segmentStart = -1;
    private long partStart;
    private boolean partIndependent;
    private long msn;
    private boolean discontinuity;
    private boolean ended;
    private long firstWallClockMillis;
    private long firstMediaTime;

    /**
     * @param formats   makes the segment format for a video and audio configuration (either may be null)
     * @param hasVideo  the stream has a video track: segments are cut on it
     * @param audio     the audio configuration, null without audio
     */
    public HlsSegmenter(HlsStream stream, boolean hasVideo, AudioSpecificConfig audio,
                        BiFunction<H264Config, AudioSpecificConfig, SegmentFormat> formats, SegmentListener listener) {
        this.stream = stream;
        this.hasVideo = hasVideo;
        this.audioConfig = audio;
        this.audioClock = audio == null ? VIDEO_CLOCK : audio.sampleRate();
        this.formats = formats;
        this.listener = listener;
        int clock = hasVideo ? VIDEO_CLOCK : audioClock;
        HlsSettings settings = stream.settings();
        this.partTicks = settings.lowLatency() ? (long) settings.partMillis() * clock / 1000 : Long.MAX_VALUE;
        this.segmentTicks = Math.round((settings.segmentSeconds() - CUT_TOLERANCE_SECONDS) * clock);
    }

    /**
     * How often to ask a source that sends keyframes only on request (a WebRTC publisher) for one: a
     * little before each segment is due, since the keyframe comes a round trip and an encode later.
     */
    public static long keyframeRequestNanos(HlsSettings settings) {
        return Math.round(Math.max(0.3, settings.segmentSeconds() - KEYFRAME_LEAD_SECONDS) * 1e9);
    }

    /** An H.264 access unit (Annex B) at {@code time} on the 90 kHz clock. */
    public void video(byte[] accessUnit, long time, boolean keyframe) {
        if (ended || !hasVideo) {
            return;
        }
        if (heldVideo != null) {
            long gap = time - heldVideo.time();
            if (gap <= 0) {
                return; // out of order or repeated: the segment's timeline only goes forward
            }
            int duration = (int) Math.min(gap, MAX_FRAME_TICKS);
            lastVideoDuration = duration;
            commitVideo(new MediaSample(heldVideo.data(), heldVideo.time(), duration, heldVideo.sync()));
        }
        heldVideo = new MediaSample(accessUnit, time, 0, keyframe);
    }

    /** A raw AAC frame at {@code time} in samples. */
    public void audio(byte[] frame, long time, int duration) {
        if (ended || audioConfig == null) {
            return;
        }
        MediaSample sample = new MediaSample(frame, time, duration, true);
        if (!hasVideo) {
            commitDriving(sample, null);
            return;
        }
        if (segmentStart >= 0) {
            addAudio(sample);
        } else {
            // Before the first keyframe is placed: kept a while, the first segment takes what overlaps it.
            audioBeforeStart.add(sample);
            if (audioBeforeStart.size() > MAX_AUDIO_BEFORE_START) {
                audioBeforeStart.remove(0);
            }
        }
    }

    /** The stream ended: the held frame, the open part and segment are written out. */
    public void finish() {
        if (ended) {
            return;
        }
        if (heldVideo != null) {
            commitVideo(new MediaSample(heldVideo.data(), heldVideo.time(), lastVideoDuration, heldVideo.sync()));
            heldVideo = null;
        }
        if (segmentStart >= 0) {
            long end = drivingEnd();
            closePart(end, false);
            closeSegment(end);
        }
        ended = true;
        stream.end();
        listener.ended(stream.state());
    }

    private void commitVideo(MediaSample v) {
        H264Config config = null;
        if (v.sync()) {
            config = H264Config.of(v.data(), v.data().length);
            if (config == null && videoConfig == null) {
                return; // a keyframe without its parameter sets cannot start the stream
            }
        } else if (segmentStart < 0) {
            return;
        }
        commitDriving(v, config);
    }

    /** Places a sample of the track that cuts segments: video, or audio for a stream without video. */
    private void commitDriving(MediaSample sample, H264Config config) {
        boolean changed = config != null && !config.equals(videoConfig);
        if (segmentStart < 0 || changed) {
            if (segmentStart >= 0) {
                closePart(sample.time());
                closeSegment(sample.time());
                discontinuity = true;
            }
            if (config != null) {
                videoConfig = config;
            }
            newFormat();
            openSegment(sample.time());
            long startInAudio = sample.time() * audioClock / VIDEO_CLOCK;
            for (MediaSample early : audioBeforeStart) {
                if (early.time() + early.duration() > startInAudio) {
                    addAudio(early);
                }
            }
            audioBeforeStart.clear();
        } else if (sample.sync() && sample.time() - segmentStart >= segmentTicks) {
            closePart(sample.time());
            closeSegment(sample.time());
            openSegment(sample.time());
        } else if (!partVideo.isEmpty() || !hasVideo && !partAudio.isEmpty()) {
            if (sample.time() + sample.duration() - partStart > partTicks) {
                closePart(sample.time());
                partIndependent = sample.sync();
            }
        }
        if (hasVideo) {
            partVideo.add(sample);
        } else {
            addAudio(sample);
        }
    }

    /** Adds audio to the open part; a jump in time (lost audio) lengthens the sample before it. */
    private void addAudio(MediaSample sample) {
        if (!partAudio.isEmpty()) {
            MediaSample last = partAudio.get(partAudio.size() - 1);
            long gap = sample.time() - last.time();
            if (gap > last.duration() && gap < Integer.MAX_VALUE) {
                partAudio.set(partAudio.size() - 1, new MediaSample(last.data(), last.time(), (int) gap, true));
            }
        }
        partAudio.add(sample);
    }

    private void newFormat() {
        format = formats.apply(hasVideo ? videoConfig : null, audioConfig);
        byte[] init = format.initSegment();
        if (init != null) {
            map = HlsNames.init(stream.streamId(), System.currentTimeMillis() + msn);
            stream.addInit(new HlsStream.InitSegment(map, init));
        } else {
            map = null;
        }
    }

    private void openSegment(long time) {
        segmentStart = time;
        partStart = time;
        partIndependent = true;
        stream.startSegment(msn, discontinuity, map, stream.settings().programDateTime() ? programDateTime(time) : 0);
        discontinuity = false;
    }

    /**
     * The wall-clock time of media time {@code time}: the clock when the first segment opened, plus the
     * media time since. Players align playlists by these dates, so their steps must equal the segments'
     * durations exactly; the wall clock at each cut would carry the cut's own jitter.
     */
    private long programDateTime(long time) {
        int clock = hasVideo ? VIDEO_CLOCK : audioClock;
        if (firstWallClockMillis == 0) {
            firstWallClockMillis = System.currentTimeMillis();
            firstMediaTime = time;
        }
        return firstWallClockMillis + (time - firstMediaTime) * 1000 / clock;
    }

    private void closePart(long end) {
        closePart(end, true);
    }

    /** @param carryAudio audio past {@code end} waits for the next part (false at the end of the stream) */
    private void closePart(long end, boolean carryAudio) {
        if (partVideo.isEmpty() && partAudio.isEmpty()) {
            return;
        }
        // Audio that runs past the cut goes into the next part: each part's (and segment's) audio then starts
        // no later than its video. A player that starts at a segment would otherwise find no audio at the
        // segment's first instant, a hole MSE reports as nothing buffered (hls.js stalls there).
        List<MediaSample> carried = List.of();
        if (carryAudio && hasVideo && !partVideo.isEmpty()) {
            long endInAudio = end * audioClock / VIDEO_CLOCK;
            int keep = partAudio.size();
            while (keep > 0 && partAudio.get(keep - 1).time() + partAudio.get(keep - 1).duration() > endInAudio) {
                keep--;
            }
            carried = List.copyOf(partAudio.subList(keep, partAudio.size()));
            partAudio.subList(keep, partAudio.size()).clear();
        }
        byte[] data = format.fragment(List.copyOf(partVideo), List.copyOf(partAudio));
        int clock = hasVideo ? VIDEO_CLOCK : audioClock;
        stream.addPart(Math.max(0, end - partStart) / (double) clock, partIndependent, data);
        partVideo.clear();
        partAudio.clear();
        partAudio.addAll(carried);
        partStart = end;
        partIndependent = false;
    }

    private void closeSegment(long end) {
        int clock = hasVideo ? VIDEO_CLOCK : audioClock;
        HlsStream.Segment done = stream.completeSegment(Math.max(0, end - segmentStart) / (double) clock);
        if (done != null) {
            msn++;
            listener.segmentCompleted(stream.state(), done);
        }
    }

    /** Where the written samples of the driving track end. */
    private long drivingEnd() {
        List<MediaSample> samples = hasVideo ? partVideo : partAudio;
        if (samples.isEmpty()) {
            return partStart;
        }
        MediaSample last = samples.get(samples.size() - 1);
        return last.time() + last.duration();
    }
}
