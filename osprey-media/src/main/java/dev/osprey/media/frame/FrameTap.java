package dev.osprey.media.frame;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.Tap;
import dev.osprey.media.TapControl;
import dev.osprey.media.TrackDescription;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.FrameBuffer;
import dev.osprey.webrtc.rtp.codec.H264Depacketizer;
import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link Tap} that turns a broadcast's packets into whole frames on one clock: a
 * {@link FrameAssembler} per track (tracks of codecs without a depacketizer are skipped) and a
 * {@link MediaTimeline} fed by the source's sender reports.
 *
 * <p>At the start it holds the frames back until every track that sent some has a sender report, so
 * that all tracks are placed by the sender's own clock (browsers send the first reports within a few
 * seconds), or until {@link Options#syncWaitNanos()} passed or {@link Options#maxHeldBytes()} are held;
 * then it writes them, oldest first per track, and every later frame at once. Tracks that appear or
 * restart later are placed at their first frame.
 *
 * <p>Video starts at a keyframe, asked for when the tap starts, and after a loss (a gap in the tap's
 * queue included) resumes at the next one, asked for again every {@link Options#keyframeRetryNanos()}
 * while it waits. All of it runs on the tap's worker thread.
 */
public final class FrameTap implements Tap {

    /**
     * @param h264Output         how H.264 access units are framed (Annex B for MPEG-TS, AVCC for MP4)
     * @param syncWaitNanos      how long frames wait at the start for sender reports
     * @param maxHeldBytes       how much frame data may wait at the start
     * @param keyframeRetryNanos how often a track still waiting for a keyframe asks again
     * @param keyframeIntervalNanos  the longest a video track may go without a keyframe before the tap asks
     *                           for one (segmenters cut at keyframes); 0 leaves it to the source
     * @param assembly           limits of the video assemblers (audio uses {@link FrameAssembler.Options#audio()})
     */
    public record Options(H264Depacketizer.Output h264Output, long syncWaitNanos, int maxHeldBytes,
                          long keyframeRetryNanos, long keyframeIntervalNanos, FrameAssembler.Options assembly) {
        public Options {
            Objects.requireNonNull(h264Output, "h264Output");
            Objects.requireNonNull(assembly, "assembly");
            if (keyframeIntervalNanos < 0) {
                throw new IllegalArgumentException("keyframeIntervalNanos < 0");
            }
        }

        /**
         * Annex B, 5 s and 32 MiB to wait for sender reports, a keyframe request every second while waiting,
         * keyframes otherwise as the source sends them.
         */
        public static Options defaults() {
            return new Options(H264Depacketizer.Output.ANNEX_B, 5_000_000_000L, 32 << 20, 1_000_000_000L, 0,
                    FrameAssembler.Options.defaults());
        }

        public Options withH264Output(H264Depacketizer.Output output) {
            return new Options(output, syncWaitNanos, maxHeldBytes, keyframeRetryNanos, keyframeIntervalNanos, assembly);
        }

        public Options withKeyframeInterval(long nanos) {
            return new Options(h264Output, syncWaitNanos, maxHeldBytes, keyframeRetryNanos, nanos, assembly);
        }
    }

    private final FrameConsumer consumer;
    private final Options options;
    private final MediaTimeline timeline = new MediaTimeline();
    private TapControl control;
    private TrackAssembly[] tracks = new TrackAssembly[0];
    /** Frames held at the start, until the tracks are placed on one clock; null afterwards. */
    private ArrayDeque<HeldFrame> held = new ArrayDeque<>();
    private long heldBytes;
    /** The tracks that have frames held, as bits (a source has at most 31 tracks). */
    private int heldTracks;
    private long firstHeldArrival;
    private long gaps;

    public FrameTap(FrameConsumer consumer, Options options) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.options = Objects.requireNonNull(options, "options");
    }

    // ---------------------------------------------------------------- Tap

    @Override
    public void onStart(SourceDescription source, TapControl control) {
        this.control = control;
        describe(source);
    }

    @Override
    public void onSourceChanged(SourceDescription source) {
        describe(source);
    }

    private void describe(SourceDescription source) {
        int n = source.tracks().size();
        timeline.tracks(n);
        TrackAssembly[] next = Arrays.copyOf(tracks, n);
        for (int i = 0; i < n; i++) {
            TrackDescription d = source.tracks().get(i);
            TrackAssembly t = i < tracks.length ? tracks[i] : null;
            if (t != null && t.description.equals(d)) {
                continue;
            }
            if (t != null && t.description.codec().equalsIgnoreCase(d.codec())
                    && t.description.clockRate() == d.clockRate()) {
                t.restart(d); // same codec, new SSRC or numbers: a restarted source
            } else {
                next[i] = RtpPayloadFormats.supports(d.codec()) ? new TrackAssembly(i, d) : null;
            }
            timeline.clockRate(i, d.clockRate());
            timeline.restart(i);
            if (next[i] != null && next[i].video) {
                control.requestKeyframe(i);
                next[i].lastKeyframeRequest = System.nanoTime();
            }
        }
        tracks = next;
        consumer.onTracks(source);
    }

    @Override
    public void onRtp(int track, RtpPacket packet, long arrivalNanos) {
        TrackAssembly t = track < tracks.length ? tracks[track] : null;
        if (t != null) {
            t.assembler.onPacket(packet.sequenceNumber(), packet.timestamp(), packet.marker(), packet.buffer(),
                    packet.payloadOffset(), packet.payloadLength(), arrivalNanos);
        }
    }

    @Override
    public void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos) {
        if (track < tracks.length && tracks[track] != null) {
            timeline.onSenderReport(track, ntpTimestamp, rtpTimestamp, arrivalNanos);
            if (held != null && allHeldTracksReported()) {
                release();
            }
        }
    }

    /** Packets were lost before the tap saw them: every track resynchronises, video at a keyframe. */
    @Override
    public void onGap(long lost) {
        gaps++;
        long now = System.nanoTime();
        for (TrackAssembly t : tracks) {
            if (t != null) {
                t.assembler.reset();
                if (t.video) {
                    t.requestKeyframe(now);
                }
            }
        }
    }

    @Override
    public void onTick(long nowNanos) {
        for (TrackAssembly t : tracks) {
            if (t != null) {
                t.assembler.poll(nowNanos);
                if (t.video && t.assembler.waitingForKeyframe()
                        && nowNanos - t.lastKeyframeRequest >= options.keyframeRetryNanos()) {
                    t.requestKeyframe(nowNanos);
                } else if (t.video && t.keyframeDue(nowNanos)) {
                    t.requestKeyframe(nowNanos);
                }
            }
        }
        if (held != null && !held.isEmpty() && nowNanos - firstHeldArrival >= options.syncWaitNanos()) {
            release();
        }
    }

    @Override
    public void onClose() {
        if (held != null && !held.isEmpty()) {
            release();
        }
        consumer.onClose();
    }

    // ---------------------------------------------------------------- figures (tap worker thread)

    /** Frames of {@code track} written so far, 0 for a skipped track. */
    public long framesEmitted(int track) {
        TrackAssembly t = track < tracks.length ? tracks[track] : null;
        return t == null ? 0 : t.emitted;
    }

    /** Frames of {@code track} the assembler dropped (incomplete, malformed, or waiting for a keyframe). */
    public long framesDropped(int track) {
        TrackAssembly t = track < tracks.length ? tracks[track] : null;
        return t == null ? 0 : t.droppedBefore + t.assembler.framesDropped();
    }

    /** Gaps in the tap's queue (it fell behind, or its consumer threw). */
    public long gaps() {
        return gaps;
    }

    /** True once the tracks are on the sender's clock (placed by sender reports), not the arrival times. */
    public boolean onSenderClock() {
        return timeline.onSenderClock();
    }

    // ---------------------------------------------------------------- frames

    private void frame(TrackAssembly t, AssembledFrame frame) {
        if (held != null) {
            hold(t, frame);
            return;
        }
        if (!timeline.anchored(t.index)) {
            timeline.anchor(t.index, frame.timestamp(), frame.arrivalNanos());
        }
        write(t, frame);
    }

    private void write(TrackAssembly t, AssembledFrame frame) {
        t.emitted++;
        consumer.onFrame(t.index, frame, timeline.timeMicros(t.index, frame.timestamp()));
    }

    private void hold(TrackAssembly t, AssembledFrame frame) {
        if (held.isEmpty()) {
            firstHeldArrival = frame.arrivalNanos();
        }
        held.add(new HeldFrame(t, Arrays.copyOf(frame.data(), frame.length()), frame.keyframe(), frame.timestamp(),
                frame.firstSequence(), frame.lastSequence(), frame.arrivalNanos()));
        heldBytes += frame.length();
        heldTracks |= 1 << t.index;
        if (heldBytes > options.maxHeldBytes() || allHeldTracksReported()) {
            release();
        }
    }

    private boolean allHeldTracksReported() {
        for (int bits = heldTracks, track = 0; bits != 0; bits >>>= 1, track++) {
            if ((bits & 1) != 0 && !timeline.hasSenderReport(track)) {
                return false;
            }
        }
        return heldTracks != 0;
    }

    /**
     * Ends the start: each track is anchored at its first held frame, time zero is the earliest of them,
     * and the held frames are written.
     */
    private void release() {
        ArrayDeque<HeldFrame> frames = held;
        held = null;
        long origin = Long.MAX_VALUE;
        for (HeldFrame f : frames) {
            if (!timeline.anchored(f.track.index)) {
                origin = Math.min(origin, timeline.anchor(f.track.index, f.timestamp, f.arrivalNanos));
            }
        }
        timeline.origin(origin == Long.MAX_VALUE ? 0 : origin);
        AssembledFrame out = new AssembledFrame();
        FrameBuffer buffer = new FrameBuffer(0, Integer.MAX_VALUE);
        for (HeldFrame f : frames) {
            buffer.clear();
            buffer.append(f.data, 0, f.data.length);
            out.set(buffer, f.keyframe, f.timestamp, f.firstSequence, f.lastSequence, f.arrivalNanos);
            write(f.track, out);
        }
    }

    private record HeldFrame(TrackAssembly track, byte[] data, boolean keyframe, long timestamp,
                             long firstSequence, long lastSequence, long arrivalNanos) {
    }

    /** One track's assembler and what the tap knows of it. */
    private final class TrackAssembly implements FrameListener {
        final int index;
        final boolean video;
        final FrameAssembler assembler;
        TrackDescription description;
        long emitted;
        long droppedBefore;
        long lastKeyframeRequest;
        long lastKeyframe;

        TrackAssembly(int index, TrackDescription description) {
            this.index = index;
            this.description = description;
            this.video = description.kind() == MediaKind.VIDEO;
            this.assembler = new FrameAssembler(
                    RtpPayloadFormats.depacketizer(description.codec(), options.h264Output()), video,
                    video ? options.assembly() : FrameAssembler.Options.audio(), this);
        }

        void restart(TrackDescription restarted) {
            droppedBefore += assembler.framesDropped();
            description = restarted;
            assembler.reset();
        }

        void requestKeyframe(long now) {
            lastKeyframeRequest = now;
            control.requestKeyframe(index);
        }

        /** The source's keyframes are further apart than the tap wants, and no request is pending. */
        boolean keyframeDue(long now) {
            long interval = options.keyframeIntervalNanos();
            return interval > 0 && lastKeyframe != 0 && now - lastKeyframe >= interval
                    && now - lastKeyframeRequest >= Math.min(interval, options.keyframeRetryNanos());
        }

        @Override
        public void onFrame(AssembledFrame frame) {
            if (frame.keyframe()) {
                lastKeyframe = frame.arrivalNanos();
            }
            frame(this, frame);
        }

        @Override
        public void keyframeNeeded() {
            requestKeyframe(System.nanoTime());
        }
    }
}
