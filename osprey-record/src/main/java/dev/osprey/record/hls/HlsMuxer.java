package dev.osprey.record.hls;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.frame.AssembledFrame;
import dev.osprey.media.frame.FrameConsumer;
import dev.osprey.record.AacFromOpus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * A broadcast's HLS output as a tap consumer: H.264 video is segmented as it comes, Opus audio is
 * transcoded to AAC, and both go to an {@link HlsSegmenter}. The first video and the first audio track
 * are used; a video codec other than H.264 gives no HLS (say so with {@link #refusal()}). Runs on the
 * tap's worker thread.
 */
public final class HlsMuxer implements FrameConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(HlsMuxer.class);

    private final HlsStream stream;
    private final HlsSegmenter.SegmentListener files;
    private HlsSegmenter segmenter;
    private AacFromOpus aac;
    private int videoTrack = -1;
    private int audioTrack = -1;
    private volatile String refusal;
    private boolean closed;

    public HlsMuxer(HlsStream stream, HlsSegmenter.SegmentListener files) {
        this.stream = stream;
        this.files = files;
    }

    /** Why this stream has no HLS (its codecs), or null. Any thread. */
    public String refusal() {
        return refusal;
    }

    @Override
    public void onTracks(SourceDescription source) {
        if (segmenter != null || closed) {
            return; // a change of parameter sets is handled by the segmenter; of codecs, by a new publish
        }
        List<TrackDescription> tracks = source.tracks();
        for (int i = 0; i < tracks.size(); i++) {
            TrackDescription t = tracks.get(i);
            if (t.kind() == MediaKind.VIDEO && videoTrack < 0) {
                videoTrack = i;
            } else if (t.kind() == MediaKind.AUDIO && audioTrack < 0) {
                audioTrack = i;
            }
        }
        if (videoTrack >= 0 && !tracks.get(videoTrack).codec().equalsIgnoreCase("H264")) {
            refusal = tracks.get(videoTrack).codec() + " video has no HLS: HLS players take H.264";
            LOG.info("No HLS for {}: {}", stream.streamId(), refusal);
            close();
            return;
        }
        if (audioTrack >= 0 && !tracks.get(audioTrack).codec().equalsIgnoreCase("opus")) {
            audioTrack = -1;
        }
        if (videoTrack < 0 && audioTrack < 0) {
            refusal = "no H.264 video and no Opus audio";
            close();
            return;
        }
        if (audioTrack >= 0) {
            aac = new AacFromOpus();
        }
        segmenter = new HlsSegmenter(stream, videoTrack >= 0, aac == null ? null : aac.config(),
                (video, audio) -> SegmentFormats.create(stream.settings().segmentType(), video, audio), files);
    }

    @Override
    public void onFrame(int track, AssembledFrame frame, long timeMicros) {
        if (segmenter == null || closed) {
            return;
        }
        if (track == videoTrack) {
            segmenter.video(Arrays.copyOf(frame.data(), frame.length()), timeMicros * 9 / 100, frame.keyframe());
        } else if (track == audioTrack) {
            try {
                aac.write(frame.data(), frame.length(), timeMicros * AacFromOpus.SAMPLE_RATE / 1_000_000, segmenter::audio);
            } catch (RuntimeException e) {
                LOG.debug("An audio frame of {} is left out: {}", stream.streamId(), e.toString());
            }
        }
    }

    @Override
    public void onClose() {
        close();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (aac != null && segmenter != null) {
                aac.finish(segmenter::audio);
            }
        } catch (RuntimeException e) {
            LOG.debug("AAC drain of {} at the end: {}", stream.streamId(), e.toString());
        }
        if (segmenter != null) {
            segmenter.finish();
        } else {
            stream.end();
        }
        if (aac != null) {
            aac.close();
            aac = null;
        }
    }
}
