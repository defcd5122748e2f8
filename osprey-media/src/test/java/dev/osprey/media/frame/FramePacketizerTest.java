package dev.osprey.media.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.Broadcast;
import dev.osprey.media.BroadcastOptions;
import dev.osprey.media.MediaClock;
import dev.osprey.media.MediaKind;
import dev.osprey.media.MediaSink;
import dev.osprey.media.MediaSource;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TapHandle;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A source that has frames, not RTP (as RTMP ingest will be), feeds a broadcast through
 * {@link FramePacketizer}: a viewer receives them as RTP it can reassemble, and a {@link FrameTap}
 * gives them back, both byte for byte.
 */
class FramePacketizerTest {
    private static final TrackDescription AUDIO = TrackDescription.audio("opus", 111, 48_000, 0x0A);
    private static final TrackDescription VIDEO =
            new TrackDescription(MediaKind.VIDEO, "H264", 102, 90_000, 0x0B, 0, -1, false, false);

    /** A source without a way back: keyframe requests are only counted. */
    private static final class FrameSource implements MediaSource {
        volatile int keyframeRequests;

        @Override
        public void requestKeyframe(int track) {
            keyframeRequests++;
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        @Override
        public void bitrateHint(long bitsPerSecond) {
        }
    }

    /** Reassembles what a viewer is sent, one assembler per SSRC it was given. */
    private static final class ReassemblingViewer implements MediaSink, FrameListener {
        final FrameAssembler video = new FrameAssembler(RtpPayloadFormats.depacketizer("H264"), true,
                FrameAssembler.Options.defaults(), this);
        final RtpPacket view = new RtpPacket();
        final List<byte[]> frames = new ArrayList<>();
        int packets;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            view.wrap(buf, off, len);
            packets++;
            if (view.ssrc() == 0x2222) {
                video.onPacket(view.sequenceNumber(), view.timestamp(), view.marker(), buf, view.payloadOffset(),
                        view.payloadLength(), 0);
            }
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        @Override
        public int nextTransportSequenceNumber() {
            return 0;
        }

        @Override
        public void onFrame(AssembledFrame frame) {
            frames.add(Arrays.copyOf(frame.data(), frame.length()));
        }

        @Override
        public void keyframeNeeded() {
        }
    }

    private static final class Collected implements FrameConsumer {
        final List<byte[]> video = new CopyOnWriteArrayList<>();
        final List<byte[]> audio = new CopyOnWriteArrayList<>();

        @Override
        public void onTracks(SourceDescription source) {
        }

        @Override
        public void onFrame(int track, AssembledFrame frame, long timeMicros) {
            (track == 1 ? video : audio).add(Arrays.copyOf(frame.data(), frame.length()));
        }

        @Override
        public void onClose() {
        }
    }

    @Test
    void framesFedAsRtpReachViewersAndTapsByteForByte() throws Exception {
        FrameSource source = new FrameSource();
        Broadcast broadcast = new Broadcast("ingest", new SourceDescription(List.of(AUDIO, VIDEO), Map.of(), false, false),
                source, Runnable::run, MediaClock.system(), BroadcastOptions.defaults());
        Collected tapped = new Collected();
        TapHandle tap = broadcast.addTap("frames", new FrameTap(tapped, FrameTap.Options.defaults()));
        ReassemblingViewer viewer = new ReassemblingViewer();
        broadcast.addViewer("v", new ViewerDescription(List.of(new ViewerTrackDescription(0, 111, 0x1111, 0, -1),
                new ViewerTrackDescription(1, 96, 0x2222, 0, -1)), Map.of()), viewer);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.keyframeRequests >= 1); // the tap started

        FramePacketizer audio = new FramePacketizer(AUDIO);
        FramePacketizer video = new FramePacketizer(VIDEO);
        FramePacketizer.PacketSink toBroadcast = (buf, off, len) -> broadcast.onRtp(buf, off, len, System.nanoTime());
        List<byte[]> videoSent = new ArrayList<>();
        List<byte[]> audioSent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean key = i % 30 == 0;
            byte[] frame = TestFrames.frame("H264", key, Clip.size(false, i), i);
            videoSent.add(frame);
            assertThat(video.packetize(frame, 0, frame.length, key, 3000 * i, toBroadcast)).isPositive();
            byte[] sound = TestFrames.frame("opus", true, Clip.size(true, i), i);
            audioSent.add(sound);
            audio.packetize(sound, 0, sound.length, true, 960 * i, toBroadcast);
        }
        broadcast.end();
        assertThat(tap.awaitClosed(Duration.ofSeconds(10))).isTrue(); // without reports, the tap writes on close

        assertThat(viewer.frames).containsExactlyElementsOf(videoSent);
        assertThat(tapped.video).containsExactlyElementsOf(videoSent);
        assertThat(tapped.audio).containsExactlyElementsOf(audioSent);
        assertThat(tap.packetsDropped()).isZero();
    }
}
