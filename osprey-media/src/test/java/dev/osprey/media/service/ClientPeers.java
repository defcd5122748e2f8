package dev.osprey.media.service;

import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Client-role peers (osprey-webrtc's {@code PeerTransport.client}) acting as a publishing browser and a viewer. */
final class ClientPeers {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final IceClientConfig ICE = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(400), 20,
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    static final int AUDIO_SSRC = 0x11111111;
    static final int VIDEO_SSRC = 0x22222222;
    static final int RTX_SSRC = 0x33333333;
    static final int OPUS = 111;
    static final int VP8 = 96;
    static final int VP8_RTX = 97;
    /** VP8 descriptor (S=1) + keyframe tag + start code + 640x480. */
    static final byte[] VP8_KEY = {0x10, 0x50, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, (byte) 0xe0, 0x01, 7, 7};
    static final byte[] VP8_DELTA = {0x10, 0x51, 0x00, 0x00, 9, 9};

    private ClientPeers() {
    }

    /** A Chromium-like publisher offer: Opus, then VP8 with rtx (both sendonly), transport-cc and abs-send-time. */
    static String publisherOffer(LocalTransport local, boolean audio, boolean video) {
        return publisherOffer(local, audio, video, false);
    }

    /** As above, with an {@code m=application} data channel section (mid "2") after the tracks when {@code data}. */
    static String publisherOffer(LocalTransport local, boolean audio, boolean video, boolean data) {
        OfferBuilder b = new OfferBuilder(TransportSdp.parameters(local, false), "9", 1);
        List<ExtMap> ext = List.of(ExtMap.of(2, HeaderExtensions.ABS_SEND_TIME), ExtMap.of(3, HeaderExtensions.TRANSPORT_CC));
        if (audio) {
            b.addTrack(new SendTrack(MediaSection.AUDIO, "0", new RtpCodec(OPUS, "opus", 48000, 2,
                    Map.of("minptime", "10", "useinbandfec", "1"), List.of(RtcpFeedback.TRANSPORT_CC)), null,
                    Integer.toUnsignedLong(AUDIO_SSRC), null, "s", "a", "cname", ext));
        }
        if (video) {
            b.addTrack(new SendTrack(MediaSection.VIDEO, "1", RtpCodec.of(VP8, "VP8", 90000, null).withFeedback(List.of(
                    RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC, RtcpFeedback.CCM_FIR, RtcpFeedback.NACK,
                    RtcpFeedback.NACK_PLI)), VP8_RTX, Integer.toUnsignedLong(VIDEO_SSRC),
                    Integer.toUnsignedLong(RTX_SSRC), "s", "v", "cname", ext));
        }
        if (data) {
            b.dataChannel("2", 5000, 262144);
        }
        return SdpWriter.write(b.build());
    }

    /** The same SDP with the {@code a=sendonly} of m-line {@code index} turned into {@code a=inactive}. */
    static String inactive(String sdp, int index) {
        String[] sections = sdp.split("(?=m=)");
        sections[index + 1] = sections[index + 1].replace("a=sendonly", "a=inactive");
        return String.join("", sections);
    }

    static byte[] rtp(int pt, int seq, int ts, int ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length + SrtpProfile.MAX_TRAILER];
        RtpPacket.writeHeader(p, 0, false, pt, seq, ts, ssrc);
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    /** Sends Opus and VP8 frames (a keyframe every 30 packets) over a client transport. */
    static final class MediaPump {
        private final PeerTransport transport;
        private int seq;
        private int audioSeq;
        private int frame;

        MediaPump(PeerTransport transport) {
            this.transport = transport;
        }

        void sendFrame() {
            byte[] video = frame % 30 == 0 ? VP8_KEY : VP8_DELTA;
            byte[] v = rtp(VP8, seq++, frame * 3000, VIDEO_SSRC, video);
            transport.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
            byte[] a = rtp(OPUS, audioSeq++, frame * 960, AUDIO_SSRC, new byte[] {1, 2, 3, 4});
            transport.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
            frame++;
        }
    }

    /** Counts decrypted RTP per SSRC/payload type. */
    static class Counting implements PeerTransportListener {
        final Map<String, AtomicLong> packets = new ConcurrentHashMap<>();
        final AtomicLong rtcp = new AtomicLong();
        volatile boolean connected;
        private final RtpPacket view = new RtpPacket();

        @Override
        public void onConnected(SrtpProfile profile) {
            connected = true;
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            if (view.wrap(buf, off, len)) {
                packets.computeIfAbsent(Integer.toUnsignedString(view.ssrc()) + "/" + view.payloadType(),
                        k -> new AtomicLong()).incrementAndGet();
            }
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            rtcp.incrementAndGet();
        }

        long count(long ssrc, int pt) {
            AtomicLong n = packets.get(ssrc + "/" + pt);
            return n == null ? 0 : n.get();
        }
    }

    static LocalTransport clientLocal() {
        return LocalTransport.forClient(DtlsCertificate.generate());
    }

    /** A viewer's answer to the server's offer: receive-only, Opus and VP8 (and the rest of the defaults). */
    static TransportSdp.Answer viewerAnswer(String offer, LocalTransport local) throws Exception {
        return TransportSdp.answer(offer, LocalCapabilities.receiveDefaults().withDataChannels(false), local, "42");
    }

    static PeerTransport connect(LocalTransport local, dev.osprey.webrtc.transport.RemotePeer remote,
                                 PeerTransportListener listener) throws Exception {
        return PeerTransport.client(LOOPBACK, local, remote, DtlsConfig.defaults(), ICE, listener);
    }
}
