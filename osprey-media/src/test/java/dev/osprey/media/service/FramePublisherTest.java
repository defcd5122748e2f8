package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.Ntp;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A source with frames instead of a peer connection, played by a client-role viewer. */
class FramePublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<PublishedTrack> H264_AND_OPUS = List.of(
            new PublishedTrack("video", RtpCodec.of(102, "H264", 90_000, null)
                    .withParameters(Map.of("packetization-mode", "1", "profile-level-id", "42e01f",
                            "level-asymmetry-allowed", "1")), RtpCodec.rtx(103, 90_000, 102), "0", true),
            new PublishedTrack("audio", RtpCodec.of(111, "opus", 48_000, 2), null, "1", true));

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(1500)));
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void framesBecomeAStreamThatAViewerReceivesWithSenderReportsOnOneTimeline() throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        FramePublisher publisher = service.publishFrames("ingest", H264_AND_OPUS, events);
        assertThat(events.type).as("a frame source has no SDP").isNull();
        AtomicInteger frame = new AtomicInteger();
        // 20 ms of media per tick: a video frame (an IDR with its parameter sets every 25th) and an Opus packet,
        // each carrying its frame number so that the viewer can tell which media time a packet is from.
        fixture.every10ms(() -> {
            int n = frame.getAndIncrement();
            long mediaMillis = 1_000 + 20L * n; // a timeline that does not start at 0
            byte[] video = n % 25 == 0
                    ? new byte[] {0, 0, 0, 1, 0x67, 0x42, (byte) 0xe0, 0x1f, 0, 0, 0, 1, 0x68, 1, 0, 0, 0, 1, 0x65, (byte) n}
                    : new byte[] {0, 0, 0, 1, 0x41, (byte) n};
            publisher.frame(0, video, 0, video.length, n % 25 == 0, mediaMillis * 90);
            publisher.frame(1, new byte[] {(byte) n}, 0, 1, true, mediaMillis * 48);
        });
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        assertThat(service.isLive("ingest")).isTrue();

        RecordingSessionListener viewerEvents = new RecordingSessionListener();
        MediaSession viewer = service.play("ingest", viewerEvents);
        SessionDescription offer = SdpParser.parse(viewerEvents.sdp);
        MediaSection video = offer.media().get(0);
        assertThat(video.codecs().get(0).name()).isEqualTo("H264");
        assertThat(video.codecs().get(0).parameter("profile-level-id")).isEqualTo("42e01f");
        assertThat(offer.media().get(1).codecs().get(0).name()).isEqualTo("opus");
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = ClientPeers.viewerAnswer(viewerEvents.sdp, local);
        viewer.remoteDescription("answer", answer.sdp());
        Timeline timeline = new Timeline();
        fixture.connect(local, answer.remote(), timeline);

        long videoSsrc = video.ssrcIds().get(0);
        long audioSsrc = offer.media().get(1).ssrcIds().get(0);
        await().atMost(WAIT).until(() -> timeline.reports.containsKey(videoSsrc) && timeline.reports.containsKey(audioSsrc)
                && timeline.frameRtp.containsKey(videoSsrc + "/" + 120) && timeline.frameRtp.containsKey(audioSsrc + "/" + 120));
        // The same media time reads as the same wall-clock time through each track's sender report.
        double videoAt = timeline.wallSeconds(videoSsrc, 90_000, timeline.frameRtp.get(videoSsrc + "/" + 120));
        double audioAt = timeline.wallSeconds(audioSsrc, 48_000, timeline.frameRtp.get(audioSsrc + "/" + 120));
        assertThat(Math.abs(videoAt - audioAt)).isLessThan(0.002);
        viewer.close();
        publisher.close();
        await().atMost(WAIT).until(() -> service.publisherCount() == 0 && service.sessionCount() == 0);
    }

    @Test
    void aSourceWhoseFramesStopEndsAfterTheStartTimeout() throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        FramePublisher publisher = service.publishFrames("stops", H264_AND_OPUS, events);
        publisher.frame(1, new byte[] {1}, 0, 1, true, 960);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        await().atMost(WAIT).until(() -> events.ended.size() == 1);
        assertThat(events.ended).containsExactly(EndReason.NO_MEDIA_TIMEOUT);
        assertThat(service.isLive("stops")).isFalse();
    }

    @Test
    void aFrameSourceNeedsATrackAndFramesOfItsOwnTracks() throws Exception {
        assertThatThrownBy(() -> service.publishFrames("none", List.of(), new RecordingSessionListener()))
                .isInstanceOf(MediaException.class);
        FramePublisher publisher = service.publishFrames("one", H264_AND_OPUS, new RecordingSessionListener());
        assertThatThrownBy(() -> publisher.frame(2, new byte[1], 0, 1, true, 0))
                .isInstanceOf(IllegalArgumentException.class);
        publisher.close();
    }

    /** The viewer's side: the RTP timestamp of each frame number and the last sender report per SSRC. */
    private static final class Timeline implements PeerTransportListener {
        final Map<String, Integer> frameRtp = new ConcurrentHashMap<>();
        final Map<Long, long[]> reports = new ConcurrentHashMap<>();
        private final RtpPacket view = new RtpPacket();

        @Override
        public void onConnected(SrtpProfile profile) {
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            if (view.wrap(buf, off, len) && view.payloadLength() > 0) {
                byte frameNumber = buf[view.payloadOffset() + view.payloadLength() - 1];
                frameRtp.putIfAbsent(Integer.toUnsignedLong(view.ssrc()) + "/" + (frameNumber & 0xFF), view.timestamp());
            }
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            RtcpCompoundReader reader = new RtcpCompoundReader();
            if (!reader.wrap(buf, off, len)) {
                return;
            }
            while (reader.next()) {
                int at = reader.packetOffset();
                if (reader.packetType() == Rtcp.PT_SR && SenderReport.isValid(buf, at, reader.packetLength())) {
                    reports.put(Integer.toUnsignedLong(SenderReport.ssrc(buf, at)),
                            new long[] {SenderReport.ntpTimestamp(buf, at), SenderReport.rtpTimestamp(buf, at)});
                }
            }
        }

        double wallSeconds(long ssrc, int clockRate, int rtp) {
            long[] report = reports.get(ssrc);
            return Ntp.toMicros(report[0]) / 1e6 + (rtp - (int) report[1]) / (double) clockRate;
        }
    }
}
