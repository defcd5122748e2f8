package dev.osprey.server.tap;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.frame.AssembledFrame;
import dev.osprey.media.frame.FrameConsumer;
import dev.osprey.media.frame.FrameTap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes every frame a {@link FrameTap} writes, with FFmpeg, and keeps the figures a test asserts on:
 * frames, keyframes, decoding errors, picture size, how video resumed after each loss, and how far each
 * track's timestamps sit from its frames' arrival (equal for audio and video when they are in sync).
 * Runs on the tap's worker; {@link #report()} may be called from any thread.
 */
final class DecodingConsumer implements FrameConsumer {
    private final Object lock = new Object();
    private final Map<Integer, Track> tracks = new LinkedHashMap<>();
    private FrameTap tap;
    private volatile boolean closed;

    /** The tap whose counters the report includes (set before the tap starts). */
    void tap(FrameTap tap) {
        this.tap = tap;
    }

    private static final class Track {
        final String codec;
        final boolean video;
        final FfmpegDecoder decoder;
        long frames;
        long keyframes;
        long failedFrames;
        long lossEpisodes;
        long resumedAtKeyframe;
        long lastSequence = -1;
        long droppedByAssembler;
        /** How long after its time on the tap's clock each frame arrived (a constant offset aside). */
        final List<Long> arrivalMinusTime = new ArrayList<>();

        Track(TrackDescription d) {
            codec = d.codec();
            video = d.kind() == MediaKind.VIDEO;
            decoder = new FfmpegDecoder(d.codec());
        }
    }

    @Override
    public void onTracks(SourceDescription source) {
        synchronized (lock) {
            for (int i = 0; i < source.tracks().size(); i++) {
                TrackDescription d = source.tracks().get(i);
                Track t = tracks.get(i);
                if (t == null || !t.codec.equalsIgnoreCase(d.codec())) {
                    tracks.put(i, new Track(d));
                }
            }
        }
    }

    @Override
    public void onFrame(int index, AssembledFrame frame, long timeMicros) {
        synchronized (lock) {
            Track t = tracks.get(index);
            t.frames++;
            if (frame.keyframe()) {
                t.keyframes++;
            }
            if (t.lastSequence >= 0 && frame.firstSequence() != t.lastSequence + 1) {
                t.lossEpisodes++;
                if (frame.keyframe() || !t.video) {
                    t.resumedAtKeyframe++;
                }
            }
            t.lastSequence = frame.lastSequence();
            if (!t.decoder.decode(frame.data(), frame.length())) {
                t.failedFrames++;
            }
            t.arrivalMinusTime.add(frame.arrivalNanos() / 1_000 - timeMicros);
            t.droppedByAssembler = tap.framesDropped(index);
        }
    }

    @Override
    public void onClose() {
        closed = true;
    }

    /** The figures as JSON. */
    String report() {
        synchronized (lock) {
            StringBuilder json = new StringBuilder("{\"closed\":").append(closed)
                    .append(",\"onSenderClock\":").append(tap.onSenderClock())
                    .append(",\"gaps\":").append(tap.gaps())
                    .append(",\"tracks\":[");
            boolean first = true;
            for (Map.Entry<Integer, Track> e : tracks.entrySet()) {
                Track t = e.getValue();
                json.append(first ? "" : ",").append('{')
                        .append("\"index\":").append(e.getKey())
                        .append(",\"codec\":\"").append(t.codec).append('"')
                        .append(",\"video\":").append(t.video)
                        .append(",\"frames\":").append(t.frames)
                        .append(",\"keyframes\":").append(t.keyframes)
                        .append(",\"framesDecoded\":").append(t.decoder.framesDecoded())
                        .append(",\"failedFrames\":").append(t.failedFrames)
                        .append(",\"decodeErrors\":").append(t.decoder.errors())
                        .append(",\"lastError\":\"").append(t.decoder.lastError().replace("\"", "'")).append('"')
                        .append(",\"width\":").append(t.decoder.width())
                        .append(",\"height\":").append(t.decoder.height())
                        .append(",\"lossEpisodes\":").append(t.lossEpisodes)
                        .append(",\"resumedAtKeyframe\":").append(t.resumedAtKeyframe)
                        .append(",\"droppedByAssembler\":").append(t.droppedByAssembler)
                        .append(",\"minArrivalMinusTimeMicros\":").append(percentile(t.arrivalMinusTime, 0))
                        .append(",\"medianArrivalMinusTimeMicros\":").append(percentile(t.arrivalMinusTime, 50))
                        .append('}');
                first = false;
            }
            return json.append("]}").toString();
        }
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
