package dev.osprey.media.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.media.SourceDescription;
import dev.osprey.media.TapControl;
import dev.osprey.media.TrackDescription;
import dev.osprey.webrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A frame tap driven call by call, as its worker thread drives it. */
class FrameTapTest {
    static final int AUDIO = 0;
    static final int VIDEO = 1;
    static final int AUDIO_SSRC = 0xA1;
    static final int VIDEO_SSRC = 0xB2;
    /** Some second of the NTP era, and the RTP timestamps the two tracks happened to start at. */
    static final long NTP_BASE_SECONDS = 3_900_000_000L;
    static final int AUDIO_RTP_BASE = 1_000_000;
    static final int VIDEO_RTP_BASE = -7_777_777;
    static final long MS = 1_000_000L;

    static final SourceDescription SOURCE = source(VIDEO_SSRC);

    static SourceDescription source(int videoSsrc) {
        return new SourceDescription(List.of(
                TrackDescription.audio("opus", 111, 48_000, AUDIO_SSRC),
                new TrackDescription(dev.osprey.media.MediaKind.VIDEO, "VP8", 96, 90_000, videoSsrc, 0, -1, true, true)),
                Map.of(), false, false);
    }

    /** What the consumer saw. */
    static final class Frames implements FrameConsumer {
        final List<String> events = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<Integer> tracks = new ArrayList<>();

        @Override
        public void onTracks(SourceDescription source) {
            events.add("tracks " + source.tracks().size());
        }

        @Override
        public void onFrame(int track, AssembledFrame frame, long timeMicros) {
            events.add((track == VIDEO ? "video" : "audio") + (frame.keyframe() && track == VIDEO ? " key" : "")
                    + " @" + timeMicros);
            data.add(Arrays.copyOf(frame.data(), frame.length()));
            times.add(timeMicros);
            tracks.add(track);
        }

        @Override
        public void onClose() {
            events.add("close");
        }

        long count(int track) {
            return tracks.stream().filter(t -> t == track).count();
        }
    }

    /** Keyframe requests by track. */
    static final class Requests implements TapControl {
        final List<Integer> tracks = new ArrayList<>();

        @Override
        public void requestKeyframe(int track) {
            tracks.add(track);
        }
    }

    /** Feeds frames into the tap as RTP, each frame stamped with the time it was taken (ms since the start). */
    static final class Feed {
        final FrameTap tap;
        final FramePacketizer audio = new FramePacketizer(SOURCE.tracks().get(AUDIO));
        final FramePacketizer video;
        final RtpPacket view = new RtpPacket();
        final List<byte[]> videoSent = new ArrayList<>();
        final List<byte[]> audioSent = new ArrayList<>();
        long arrivalNanos = 1_000 * MS;

        Feed(FrameTap tap, SourceDescription source) {
            this.tap = tap;
            this.video = new FramePacketizer(source.tracks().get(VIDEO));
        }

        void audio(int takenMs) {
            byte[] frame = TestFrames.filler(40 + takenMs % 50, takenMs);
            audioSent.add(frame);
            audio.packetize(frame, 0, frame.length, true, AUDIO_RTP_BASE + 48 * takenMs, deliver(AUDIO));
        }

        void video(int takenMs, boolean keyframe) {
            byte[] frame = TestFrames.vp8(keyframe, 500 + takenMs * 7 % 3000, takenMs);
            videoSent.add(frame);
            video.packetize(frame, 0, frame.length, keyframe, VIDEO_RTP_BASE + 90 * takenMs, deliver(VIDEO));
        }

        FramePacketizer.PacketSink deliver(int track) {
            return (buf, off, len) -> {
                view.wrap(buf, off, len);
                tap.onRtp(track, view, arrivalNanos);
            };
        }

        /** The sender report of a track: taken at {@code takenMs} on the sender's clock. */
        void senderReport(int track, int takenMs) {
            long ntp = (NTP_BASE_SECONDS << 32) + ((long) takenMs << 32) / 1000;
            int rtp = track == AUDIO ? AUDIO_RTP_BASE + 48 * takenMs : VIDEO_RTP_BASE + 90 * takenMs;
            tap.onSenderReport(track, ntp, rtp, arrivalNanos);
        }
    }

    private final Frames out = new Frames();
    private final Requests requests = new Requests();
    private final FrameTap tap = new FrameTap(out, FrameTap.Options.defaults());

    /** Starts the tap on {@code source}; returns a feed of frames into it. */
    private Feed start(SourceDescription source) {
        tap.onStart(source, requests);
        return new Feed(tap, source);
    }

    /** Starts the tap on {@link #SOURCE} with both tracks' sender reports in: frames go out at once. */
    private Feed startOnTheSendersClock() {
        Feed feed = start(SOURCE);
        feed.senderReport(VIDEO, 0);
        feed.senderReport(AUDIO, 0);
        return feed;
    }

    @Test
    void framesWaitForBothSenderReportsThenComeOutWholeOnTheSendersClock() {
        Feed feed = start(SOURCE);
        assertThat(requests.tracks).as("the tap asks for a keyframe to start from").containsExactly(VIDEO);
        // audio started 40 ms before the camera's first frame
        for (int t = 0; t < 40; t += 20) {
            feed.audio(t);
        }
        for (int i = 0; i < 9; i++) {
            feed.video(40 + i * 33, i == 0);
            feed.audio(40 + i * 20);
        }
        feed.senderReport(VIDEO, 300);
        assertThat(out.events).as("held until every track is placed").containsExactly("tracks 2");
        feed.senderReport(AUDIO, 5000);

        assertThat(out.count(VIDEO)).isEqualTo(9);
        assertThat(out.count(AUDIO)).isEqualTo(11);
        List<byte[]> video = new ArrayList<>();
        List<Long> videoTimes = new ArrayList<>();
        List<Long> audioTimes = new ArrayList<>();
        for (int i = 0; i < out.data.size(); i++) {
            if (out.tracks.get(i) == VIDEO) {
                video.add(out.data.get(i));
                videoTimes.add(out.times.get(i));
            } else {
                audioTimes.add(out.times.get(i));
            }
        }
        assertThat(video).containsExactlyElementsOf(feed.videoSent);
        assertThat(out.events).contains("video key @40000");
        // time zero is the earliest frame (audio at 0 ms); every frame is at the time it was taken
        assertThat(audioTimes.subList(0, 3)).containsExactly(0L, 20_000L, 40_000L);
        assertThat(videoTimes.subList(0, 3)).containsExactly(40_000L, 73_000L, 106_000L);
        assertThat(tap.onSenderClock()).isTrue();

        feed.video(40 + 9 * 33, false);
        assertThat(out.times.get(out.times.size() - 1)).as("after the start, frames go out at once").isEqualTo(337_000L);
    }

    @Test
    void withoutSenderReportsFramesGoOutAfterTheWaitOnTheirArrivalTimes() {
        Feed feed = start(SOURCE);
        for (int i = 0; i < 5; i++) {
            feed.arrivalNanos = 1_000 * MS + i * 33 * MS + (i == 0 ? 0 : 4 * MS); // the first frame came early
            feed.video(i * 33, i == 0);
        }
        tap.onTick(feed.arrivalNanos + 4_000 * MS);
        assertThat(out.count(VIDEO)).as("still waiting for reports").isZero();
        tap.onTick(1_000 * MS + 5_000 * MS);
        assertThat(out.times).containsExactly(0L, 33_000L, 66_000L, 99_000L, 132_000L);
        assertThat(tap.onSenderClock()).isFalse();
    }

    @Test
    void afterAGapVideoResumesAtTheNextKeyframeAndAsksForOne() {
        Feed feed = startOnTheSendersClock();
        feed.video(0, true);
        feed.video(33, false);
        requests.tracks.clear();

        tap.onGap(12);
        assertThat(requests.tracks).containsExactly(VIDEO);
        feed.video(66, false);
        feed.video(99, false);
        feed.audio(100);
        feed.video(132, true);
        feed.video(165, false);

        assertThat(out.events).containsExactly("tracks 2", "video key @0", "video @33000", "audio @100000",
                "video key @132000", "video @165000");
        assertThat(tap.gaps()).isEqualTo(1);
        assertThat(tap.framesDropped(VIDEO)).isEqualTo(2);
    }

    @Test
    void withAKeyframeIntervalTheTapAsksForAKeyframeWhenTheSourcesAreFurtherApart() {
        FrameTap segmenting = new FrameTap(out, FrameTap.Options.defaults().withKeyframeInterval(2_000 * MS));
        segmenting.onStart(SOURCE, requests);
        Feed feed = new Feed(segmenting, SOURCE);
        feed.arrivalNanos = System.nanoTime(); // the tap's start request is stamped on the real clock
        feed.senderReport(VIDEO, 0);
        feed.senderReport(AUDIO, 0);
        feed.video(0, true);
        requests.tracks.clear();

        segmenting.onTick(feed.arrivalNanos + 1_900 * MS);
        assertThat(requests.tracks).as("not yet due").isEmpty();
        segmenting.onTick(feed.arrivalNanos + 2_000 * MS);
        assertThat(requests.tracks).containsExactly(VIDEO);
        segmenting.onTick(feed.arrivalNanos + 2_500 * MS);
        assertThat(requests.tracks).as("one request while it is pending").containsExactly(VIDEO);

        feed.arrivalNanos += 2_600 * MS;
        feed.video(2_600, true);
        segmenting.onTick(feed.arrivalNanos + 1_000 * MS);
        assertThat(requests.tracks).as("the new keyframe restarts the interval").containsExactly(VIDEO);
    }

    @Test
    void withoutAKeyframeIntervalTheTapLeavesTheSourcesGroupOfPicturesAlone() {
        Feed feed = startOnTheSendersClock();
        feed.video(0, true);
        requests.tracks.clear();
        tap.onTick(feed.arrivalNanos + 60_000 * MS);
        assertThat(requests.tracks).isEmpty();
    }

    @Test
    void aRestartedSourceStartsAgainAtAKeyframeOnTheSameClock() {
        Feed feed = startOnTheSendersClock();
        feed.video(0, true);
        feed.arrivalNanos += 500 * MS;

        SourceDescription restarted = source(0xC3);
        tap.onSourceChanged(restarted);
        assertThat(requests.tracks).containsExactly(VIDEO, VIDEO);
        Feed next = new Feed(tap, restarted);
        next.arrivalNanos = feed.arrivalNanos;
        next.video(10_000, false); // a delta frame first: dropped
        next.video(10_033, true);
        assertThat(out.events).containsExactly("tracks 2", "video key @0", "tracks 2", "video key @500000");
    }

    @Test
    void tracksOfCodecsWithoutADepacketizerAreLeftOut() {
        SourceDescription g722 = new SourceDescription(List.of(TrackDescription.audio("G722", 9, 8_000, 0x99),
                SOURCE.tracks().get(VIDEO)), Map.of(), false, false);
        Feed feed = start(g722);
        feed.audio(0); // arrives as track 0, which the tap skips
        feed.senderReport(VIDEO, 0);
        feed.video(0, true);
        assertThat(out.events).containsExactly("tracks 2", "video key @0");
        tap.onClose();
        assertThat(out.events).endsWith("close");
    }
}
