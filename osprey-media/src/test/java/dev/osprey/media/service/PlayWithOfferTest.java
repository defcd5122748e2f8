package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.AUDIO_SSRC;
import static dev.osprey.media.service.ClientPeers.OPUS;
import static dev.osprey.media.service.ClientPeers.VIDEO_SSRC;
import static dev.osprey.media.service.ClientPeers.VP8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.TransportParameters;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Viewers that offer (WHEP) through {@link MediaService#playWithOffer}: a client-role peer offers recvonly
 * audio and video under payload types and extmap ids unlike the publisher's, and receives the stream.
 */
class PlayWithOfferTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The viewer's numbers: none is the publisher's (Opus 111, VP8 96, rtx 97, abs-send-time 2). */
    private static final int VIEWER_OPUS = 109;
    private static final int VIEWER_VP8 = 100;
    private static final int VIEWER_RTX = 101;
    private static final int VIEWER_ABS_SEND_TIME = 9;
    private static final int PUBLISHER_ABS_SEND_TIME = 2;

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(1500))
                .withBitrateInterval(Duration.ofMillis(300)));
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private record Publisher(MediaSession session, RecordingSessionListener events) {
    }

    /** Publishes Opus and VP8 (as {@link ClientPeers#publisherOffer}); video packets carry abs-send-time. */
    private Publisher publish(String streamId, boolean audio, boolean video) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.publish(streamId, ClientPeers.publisherOffer(local, audio, video), video, audio,
                events);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp),
                new ClientPeers.Counting());
        AtomicInteger frame = new AtomicInteger();
        fixture.every10ms(() -> {
            if (client.state() == PeerTransport.State.CONNECTED) {
                int f = frame.getAndIncrement();
                if (video) {
                    byte[] v = withAbsSendTime(f, f % 30 == 0 ? ClientPeers.VP8_KEY : ClientPeers.VP8_DELTA);
                    client.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
                }
                if (audio) {
                    byte[] a = ClientPeers.rtp(OPUS, f, f * 960, AUDIO_SSRC, new byte[] {1, 2, 3, 4});
                    client.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
                }
            }
        });
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return new Publisher(session, events);
    }

    /** A VP8 packet with a one-byte header extension block holding abs-send-time under the publisher's id. */
    private static byte[] withAbsSendTime(int frame, byte[] payload) {
        byte[] p = new byte[12 + 8 + payload.length + SrtpProfile.MAX_TRAILER];
        RtpPacket.writeHeader(p, 0, true, VP8, frame, frame * 3000, VIDEO_SSRC);
        p[0] |= 0x10;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = 1; // one 32-bit word of elements
        p[16] = (byte) (PUBLISHER_ABS_SEND_TIME << 4 | 2);
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    /** A WHEP player's offer: recvonly Opus (and PCMU) and VP8 with rtx, under the viewer's own numbers. */
    private static String viewerOffer(LocalTransport local, boolean audio, boolean video, int vp8, int rtx) {
        TransportParameters t = TransportSdp.parameters(local, false);
        String transport = "c=IN IP4 0.0.0.0\r\na=ice-ufrag:" + t.iceUfrag() + "\r\na=ice-pwd:" + t.icePwd()
                + "\r\na=fingerprint:" + t.fingerprint().algorithm() + " " + t.fingerprint().hex()
                + "\r\na=setup:actpass\r\na=rtcp-mux\r\na=recvonly\r\n";
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 5 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE")
                .append(audio ? " a" : "").append(video ? " v" : "").append("\r\n");
        if (audio) {
            sdp.append("m=audio 9 UDP/TLS/RTP/SAVPF ").append(VIEWER_OPUS).append(" 0\r\n").append(transport)
                    .append("a=mid:a\r\n")
                    .append("a=extmap:7 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                    .append("a=extmap:" + VIEWER_ABS_SEND_TIME + " http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n")
                    .append("a=rtpmap:" + VIEWER_OPUS + " opus/48000/2\r\na=fmtp:" + VIEWER_OPUS + " minptime=10;useinbandfec=1\r\n")
                    .append("a=rtpmap:0 PCMU/8000\r\n");
        }
        if (video) {
            sdp.append("m=video 9 UDP/TLS/RTP/SAVPF ").append(vp8).append(' ').append(rtx).append("\r\n")
                    .append(transport).append("a=mid:v\r\n")
                    .append("a=extmap:" + VIEWER_ABS_SEND_TIME + " http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n")
                    .append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                    .append("a=rtpmap:" + vp8 + " VP8/90000\r\na=rtcp-fb:" + vp8 + " nack\r\na=rtcp-fb:" + vp8
                            + " nack pli\r\na=rtcp-fb:" + vp8 + " ccm fir\r\n")
                    .append("a=rtpmap:" + rtx + " rtx/90000\r\na=fmtp:" + rtx + " apt=" + vp8 + "\r\n");
        }
        return sdp.toString();
    }

    /** What the viewer's client received: counts, the last video sequence, a keyframe, the extension ids seen. */
    private static final class Received extends ClientPeers.Counting {
        private final RtpPacket packet = new RtpPacket();
        volatile int lastVideoSequence = -1;
        volatile boolean keyframe;
        volatile boolean viewerAbsSendTime;
        volatile boolean publisherAbsSendTime;

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            super.onRtp(buf, off, len);
            if (!packet.wrap(buf, off, len) || packet.payloadType() != VIEWER_VP8) {
                return;
            }
            lastVideoSequence = packet.sequenceNumber();
            byte[] payload = Arrays.copyOfRange(buf, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength());
            keyframe |= Arrays.equals(payload, ClientPeers.VP8_KEY);
            viewerAbsSendTime |= packet.findExtension(VIEWER_ABS_SEND_TIME) >= 0;
            publisherAbsSendTime |= packet.findExtension(PUBLISHER_ABS_SEND_TIME) >= 0;
        }
    }

    private record Viewer(MediaSession session, RecordingSessionListener events, PeerTransport client, Received media,
                          SessionDescription answer) {
        long ssrc(String kind) {
            return section(kind).ssrcIds().get(0);
        }

        MediaSection section(String kind) {
            return answer.media().stream().filter(m -> m.type().equals(kind)).findFirst().orElseThrow();
        }

        void sendNack(int mediaSsrc, int lost) {
            byte[] b = new byte[Nack.MIN_LENGTH + SrtpProfile.MAX_TRAILER];
            int n = Nack.write(b, 0, 0x5151, mediaSsrc, new int[] {lost}, 0, 1);
            client.sendRtcp(b, 0, n);
        }
    }

    private Viewer playWithOffer(String streamId, boolean audio, boolean video) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.playWithOffer(streamId, viewerOffer(local, audio, video, VIEWER_VP8, VIEWER_RTX),
                events);
        assertThat(events.type).isEqualTo("answer");
        Received media = new Received();
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), media);
        return new Viewer(session, events, client, media, SdpParser.parse(events.sdp));
    }

    @Test
    void aViewersOfferIsAnsweredUnderItsOwnNumbersAndTheViewerReceivesTheStream() throws Exception {
        Publisher publisher = publish("s1", true, true);
        Viewer viewer = playWithOffer("s1", true, true);

        assertThat(viewer.answer.bundleGroup().mids()).containsExactly("a", "v");
        assertThat(viewer.section("audio").formats()).containsExactly(Integer.toString(VIEWER_OPUS));
        assertThat(viewer.section("video").formats()).containsExactly(Integer.toString(VIEWER_VP8),
                Integer.toString(VIEWER_RTX));
        assertThat(viewer.answer.media()).allSatisfy(m -> {
            assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
            assertThat(m.ssrcIds()).isNotEmpty();
            assertThat(m.msids()).hasSize(1);
        });
        assertThat(viewer.section("video").extMap(
                "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time").id()).isEqualTo(VIEWER_ABS_SEND_TIME);
        assertThat(viewer.events.idMapping).isEqualTo(Map.of("a", "ARDAMSas1", "v", "ARDAMSvs1"));
        assertThat(viewer.events.candidates).hasSize(2);

        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);
        await().atMost(WAIT).until(() -> viewer.media.count(viewer.ssrc("video"), VIEWER_VP8) > 20
                && viewer.media.count(viewer.ssrc("audio"), VIEWER_OPUS) > 20 && viewer.media.keyframe);
        assertThat(viewer.media.count(viewer.ssrc("video"), VP8)).isZero();
        assertThat(viewer.media.count(viewer.ssrc("audio"), OPUS)).isZero();
        assertThat(viewer.media.viewerAbsSendTime).isTrue();
        assertThat(viewer.media.publisherAbsSendTime).isFalse();
        assertThat(service.viewerCount("s1")).isEqualTo(1);
        assertThat(service.viewerStats("s1").get()).hasSize(1);
        await().atMost(WAIT).until(() -> viewer.events.bitrateReports.get() > 0);

        // a NACK is answered on the answered rtx SSRC under the viewer's rtx payload type
        long rtxSsrc = viewer.section("video").ssrcIds().get(1);
        await().atMost(WAIT).until(() -> {
            viewer.sendNack((int) viewer.ssrc("video"), viewer.media.lastVideoSequence);
            return viewer.media.count(rtxSsrc, VIEWER_RTX) > 0;
        });

        publisher.session.close();
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        await().atMost(WAIT).until(() -> service.sessionCount() == 0 && fixture.peerCount() == 0);
    }

    @Test
    void anAudioOnlyOfferGetsOnlyTheAudio() throws Exception {
        publish("s2", true, true);
        Viewer viewer = playWithOffer("s2", true, false);
        assertThat(viewer.answer.media()).extracting(MediaSection::type).containsExactly("audio");
        await().atMost(WAIT).until(() -> viewer.media.count(viewer.ssrc("audio"), VIEWER_OPUS) > 20);
        assertThat(viewer.media.packets).hasSize(1);
    }

    @Test
    void closingTheViewerLeavesTheStream() throws Exception {
        publish("s3", true, true);
        Viewer viewer = playWithOffer("s3", true, true);
        await().atMost(WAIT).until(() -> service.viewerCount("s3") == 1);
        viewer.session.close();
        await().atMost(WAIT).until(() -> service.viewerCount("s3") == 0 && service.sessionCount() == 1
                && fixture.peerCount() == 1);
        assertThat(viewer.events.ended).isEmpty();
    }

    @Test
    void aReconnectingPublisherWithTheSameTracksKeepsTheViewer() throws Exception {
        Publisher first = publish("s4", true, true);
        Viewer viewer = playWithOffer("s4", true, true);
        long video = viewer.ssrc("video");
        await().atMost(WAIT).until(() -> viewer.media.count(video, VIEWER_VP8) > 20);

        first.session.closeForTakeover();
        await().atMost(WAIT).until(() -> !service.isLive("s4"));
        long before = viewer.media.count(video, VIEWER_VP8);
        Publisher second = publish("s4", true, true);
        assertThat(second.events.restored.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> viewer.media.count(video, VIEWER_VP8) > before + 20);
        assertThat(viewer.events.ended).isEmpty();
    }

    @Test
    void aPublisherWithOtherTracksTakingTheStreamOverEndsTheViewer() throws Exception {
        publish("s5", true, true);
        Viewer viewer = playWithOffer("s5", true, true);
        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);
        publish("s5", true, false);
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
    }

    @Test
    void offersTheStreamCannotFillAreRefusedAndLeaveNothingBehind() throws Exception {
        publish("s6", true, true);
        LocalTransport local = ClientPeers.clientLocal();
        String h264Only = viewerOffer(local, false, true, VIEWER_VP8, VIEWER_RTX)
                .replace("VP8/90000", "H264/90000");
        String noIce = viewerOffer(local, true, true, VIEWER_VP8, VIEWER_RTX).replaceAll("a=ice-(ufrag|pwd):[^\r]*\r\n", "");
        for (String offer : List.of(h264Only, noIce, "v=0\r\n", "x".repeat(300_000))) {
            RecordingSessionListener events = new RecordingSessionListener();
            assertThatThrownBy(() -> service.playWithOffer("s6", offer, events))
                    .isInstanceOf(MediaException.class)
                    .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.UNACCEPTABLE_OFFER);
            assertThat(events.sdp).isNull();
        }
        assertThatThrownBy(() -> service.playWithOffer("nothing", viewerOffer(local, true, true, 96, 97),
                new RecordingSessionListener()))
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.NO_STREAM);
        assertThat(service.sessionCount()).isEqualTo(1);
        assertThat(fixture.peerCount()).isEqualTo(1);
        assertThat(service.viewerCount("s6")).isZero();
    }
}
