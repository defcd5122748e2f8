package dev.osprey.loadtest.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.loadtest.media.EncodedFrame;
import dev.osprey.loadtest.media.MediaClip;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.net.UdpSocketConfig;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The load tester's SDP and media over real ICE/DTLS/SRTP on 127.0.0.1: a publisher's offer is answered
 * by osprey-webrtc's server role, whose received RTP is copied to three viewers that answered a server
 * offer with the load tester's play answer. Every viewer counts the packets and matches their payloads.
 */
class TransportMediaLoopbackTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void publisherToForwarderToThreeViewers() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        DtlsConfig dtls = DtlsConfig.defaults();
        RunStats stats = new RunStats();
        LatencyTags tags = new LatencyTags();
        List<PeerTransport> toViewers = new CopyOnWriteArrayList<>();
        List<AutoCloseable> closeLast = new ArrayList<>();
        UdpMux mux = UdpMux.start(new UdpSocketConfig(LOOPBACK, 0, 0, 2048, 8, true), Duration.ofSeconds(30),
                Duration.ofMillis(100));
        try {
            // The ingest side: answer the load tester's offer.
            LocalTransport publisherLocal = LocalTransport.forClient(cert);
            SessionSdp.PublishOffer offer = SessionSdp.publishOffer(publisherLocal, "s1", Codec.VP8, false, 7, 8);
            LocalTransport ingestLocal = LocalTransport.forMux(mux, cert, List.of());
            TransportSdp.Answer answer = TransportSdp.answer(offer.sdp(), LocalCapabilities.receiveDefaults(),
                    ingestLocal, "1");
            byte[] scratch = new byte[2048];
            PeerTransport ingest = PeerTransport.server(mux, ingestLocal, answer.remote(), dtls,
                    new PeerTransportListener() {
                        @Override
                        public void onRtp(byte[] buf, int off, int len) {
                            for (PeerTransport v : toViewers) { // same loop: protect a copy in place
                                if (v.state() == PeerTransport.State.CONNECTED) {
                                    System.arraycopy(buf, off, scratch, 0, len);
                                    v.sendRtp(scratch, 0, len);
                                }
                            }
                        }
                    });
            closeLast.add(ingest);

            // Three viewers: the server offers, the load tester answers a=setup:active.
            List<ViewerMedia> viewers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LocalTransport serverLocal = LocalTransport.forMux(mux, cert, List.of());
                String serverOffer = dev.osprey.webrtc.sdp.SdpWriter.write(TransportSdp.offerBuilder(serverLocal, "2", 1)
                        .addTrack(new SendTrack("audio", "0", SessionSdp.audioCodec(), null, 8, null, "s1", "a", "c",
                                List.of()))
                        .addTrack(new SendTrack("video", "1", SessionSdp.videoCodec(Codec.VP8), null, 7, null, "s1",
                                "v", "c", List.of()))
                        .build());
                PeerTransport toViewer = PeerTransport.server(mux, serverLocal, null, dtls, new PeerTransportListener() {
                });
                closeLast.add(toViewer);
                LocalTransport viewerLocal = LocalTransport.forClient(cert);
                SessionSdp.PlayAnswer play = SessionSdp.playAnswer(serverOffer, viewerLocal, false);
                toViewer.setRemote(TransportSdp.remoteFromAnswer(play.sdp()));
                ViewerMedia media = new ViewerMedia(stats, tags, play.clockRates(), play.vp8());
                viewers.add(media);
                closeLast.add(PeerTransport.client(LOOPBACK, viewerLocal, play.remote(), dtls,
                        IceClientConfig.defaults(), new PeerTransportListener() {
                            @Override
                            public void onRtp(byte[] buf, int off, int len) {
                                media.onRtp(buf, off, len);
                            }
                        }));
                toViewers.add(toViewer);
            }
            await().atMost(15, TimeUnit.SECONDS).until(() -> toViewers.stream()
                    .allMatch(t -> t.state() == PeerTransport.State.CONNECTED));

            SessionSdp.Negotiated pts = SessionSdp.negotiated(answer.sdp(), Codec.VP8);
            PeerTransport[] publisher = new PeerTransport[1];
            PublisherMedia[] media = new PublisherMedia[1];
            publisher[0] = PeerTransport.client(LOOPBACK, publisherLocal, TransportSdp.remoteFromAnswer(answer.sdp()),
                    dtls, IceClientConfig.defaults(), new PeerTransportListener() {
                        @Override
                        public void onConnected(SrtpProfile profile) {
                            media[0] = new PublisherMedia(clip(), pts.videoPt(), pts.audioPt(), 7, 8,
                                    publisher[0]::sendRtp, stats, tags);
                            for (int i = 0; i < 20; i++) {
                                media[0].sendVideoFrame();
                                media[0].sendAudioFrame();
                            }
                        }
                    });
            closeLast.add(0, publisher[0]);

            await().atMost(15, TimeUnit.SECONDS).until(() -> media[0] != null
                    && viewers.stream().allMatch(v -> v.packets() == media[0].packetsSent()));
            long sent = media[0].packetsSent();
            assertThat(sent).isGreaterThan(40);
            for (ViewerMedia v : viewers) {
                RunStats.ViewerResult r = v.result(0, true);
                assertThat(r.lost()).isZero();
                assertThat(r.expected()).isEqualTo(sent);
                assertThat(r.latencySamples()).isEqualTo(sent);
            }
            assertThat(stats.latencyMicros.count()).isEqualTo(3 * sent);
            assertThat(stats.latencyMicros.percentile(99)).isLessThan(1_000_000);
        } finally {
            for (AutoCloseable c : closeLast) {
                c.close();
            }
            mux.close();
        }
    }

    private static MediaClip clip() {
        List<EncodedFrame> video = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] f = new byte[2000 + i];
            for (int k = 0; k < f.length; k++) {
                f[k] = (byte) (i * 31 + k * 7 + k / 251);
            }
            f[0] = (byte) (i == 0 ? 0x10 : 0x11);
            video.add(new EncodedFrame(f, i == 0));
        }
        List<byte[]> audio = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            audio.add(new byte[] {(byte) 0xFC, (byte) i, (byte) (i * 3), 4});
        }
        return MediaClip.of(Codec.VP8, 64, 64, 30, video, audio);
    }
}
