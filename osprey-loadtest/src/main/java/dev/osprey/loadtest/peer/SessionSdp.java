package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;
import dev.osprey.webrtc.sdp.negotiation.CodecCapability;
import dev.osprey.webrtc.sdp.negotiation.H264Profile;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.NegotiationResult;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SdpAnswerer;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.SdpRejectedException;
import dev.osprey.webrtc.transport.TransportSdp;
import java.net.InetAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SDP side of a synthetic peer: the publisher's offer and the viewer's answer, as a browser writes them. */
public final class SessionSdp {
    public static final int VP8_PT = 96;
    public static final int H264_PT = 102;
    public static final int OPUS_PT = 111;
    private static final List<RtcpFeedback> VIDEO_FEEDBACK = List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.NACK,
            RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR);

    private SessionSdp() {
    }

    /** A publisher's offer and the SSRCs it announced. */
    public record PublishOffer(String sdp, int videoSsrc, int audioSsrc) {
    }

    /** The payload types the server accepted in its answer (our offered ones, normally). */
    public record Negotiated(int videoPt, int audioPt) {
    }

    /** A viewer's answer, the server as a transport peer, and the payload-type tables for {@link ViewerMedia}. */
    public record PlayAnswer(String sdp, RemotePeer remote, int[] clockRates, boolean[] vp8) {
    }

    public static RtpCodec videoCodec(Codec codec) {
        if (codec == Codec.VP8) {
            return RtpCodec.of(VP8_PT, "VP8", 90000, null).withFeedback(VIDEO_FEEDBACK);
        }
        Map<String, String> fmtp = new LinkedHashMap<>();
        fmtp.put("level-asymmetry-allowed", "1");
        fmtp.put("packetization-mode", "1");
        fmtp.put("profile-level-id", "42e01f");
        return RtpCodec.of(H264_PT, "H264", 90000, null).withParameters(fmtp).withFeedback(VIDEO_FEEDBACK);
    }

    public static RtpCodec audioCodec() {
        Map<String, String> fmtp = new LinkedHashMap<>();
        fmtp.put("minptime", "10");
        fmtp.put("useinbandfec", "1");
        return RtpCodec.of(OPUS_PT, "opus", 48000, 2).withParameters(fmtp)
                .withFeedback(List.of(RtcpFeedback.TRANSPORT_CC));
    }

    /** A sendonly audio + video offer (a=setup:actpass, full ICE, no candidates: the server learns us from checks). */
    public static PublishOffer publishOffer(LocalTransport local, String streamId, Codec codec, boolean dataChannel,
                                            int videoSsrc, int audioSsrc) {
        OfferBuilder builder = new OfferBuilder(TransportSdp.parameters(local, false),
                Long.toString(Math.abs((long) videoSsrc) + 1), 2);
        String cname = "lt" + Integer.toHexString(videoSsrc);
        builder.addTrack(new SendTrack(MediaSection.AUDIO, "0", audioCodec(), null, audioSsrc & 0xFFFFFFFFL, null,
                streamId, streamId + "-audio", cname, List.of()));
        builder.addTrack(new SendTrack(MediaSection.VIDEO, "1", videoCodec(codec), null, videoSsrc & 0xFFFFFFFFL,
                null, streamId, streamId + "-video", cname, List.of()));
        if (dataChannel) {
            builder.dataChannel("2", 5000, 262144);
        }
        return new PublishOffer(SdpWriter.write(builder.build()), videoSsrc, audioSsrc);
    }

    /** The payload types the server's answer kept for video and audio. */
    public static Negotiated negotiated(String answerSdp, Codec codec) throws SdpRejectedException {
        SessionDescription answer = parse(answerSdp);
        int video = -1;
        int audio = -1;
        for (MediaSection m : answer.media()) {
            if (m.isRejected()) {
                continue;
            }
            for (RtpCodec c : m.codecs()) {
                if (video < 0 && MediaSection.VIDEO.equals(m.type()) && c.is(codec.name())) {
                    video = c.payloadType();
                }
                if (audio < 0 && MediaSection.AUDIO.equals(m.type()) && c.is("opus")) {
                    audio = c.payloadType();
                }
            }
        }
        if (video < 0 || audio < 0) {
            throw new SdpRejectedException("the answer does not accept " + codec.name() + " video and Opus audio");
        }
        return new Negotiated(video, audio);
    }

    /**
     * Answers a server's play offer as a receive-only browser would: every offered video codec the
     * load tester can count, Opus, a=setup:active (we are the DTLS client, as Chromium chooses).
     */
    public static PlayAnswer playAnswer(String offerSdp, LocalTransport local, boolean dataChannel)
            throws SdpRejectedException {
        SessionDescription offer = parse(offerSdp);
        LocalCapabilities caps = LocalCapabilities.receiveDefaults()
                .withVideoCodecs(List.of(CodecCapability.vp8(),
                        CodecCapability.h264(H264Profile.CONSTRAINED_BASELINE, H264Profile.BASELINE),
                        CodecCapability.vp9(0, 2), CodecCapability.av1()))
                .withDataChannels(dataChannel);
        NegotiationResult result = SdpAnswerer.answer(offer, caps, TransportSdp.parameters(local, false),
                Long.toString(System.nanoTime() & Long.MAX_VALUE));
        if (result instanceof NegotiationResult.Failed failed) {
            throw new SdpRejectedException(failed.reason());
        }
        NegotiationResult.Answered answered = (NegotiationResult.Answered) result;
        SessionDescription answer = answered.answer();
        int[] clockRates = new int[128];
        boolean[] vp8 = new boolean[128];
        for (MediaSection m : answer.media()) {
            if (m.isRejected()) {
                continue;
            }
            m.setSetup(Setup.ACTIVE);
            for (RtpCodec c : m.codecs()) {
                if (!c.isRtx() && c.payloadType() >= 0 && c.payloadType() < 128) {
                    clockRates[c.payloadType()] = c.clockRate();
                    vp8[c.payloadType()] = c.is("VP8");
                }
            }
        }
        RemotePeer remote = TransportSdp.remotePeer(answered.remote(), DtlsRole.CLIENT);
        return new PlayAnswer(SdpWriter.write(answer), remote, clockRates, vp8);
    }

    /** The remote peer with one more candidate (from trickle), when the description had none. */
    public static RemotePeer withCandidate(RemotePeer remote, InetSocketAddress candidate) {
        List<InetSocketAddress> candidates = new ArrayList<>(remote.candidates());
        candidates.add(candidate);
        return new RemotePeer(remote.ice(), remote.fingerprint(), remote.localDtlsRole(), candidates);
    }

    /**
     * The address of a trickled {@code candidate:...} line when it is a UDP, component-1 candidate with an
     * IP literal; null otherwise.
     */
    public static InetSocketAddress udpCandidate(String line) {
        if (line == null) {
            return null;
        }
        String s = line.startsWith("a=") ? line.substring(2) : line;
        if (!s.startsWith("candidate:")) {
            return null;
        }
        String[] f = s.trim().split("\\s+");
        if (f.length < 8 || !"1".equals(f[1]) || !"udp".equalsIgnoreCase(f[2])
                || !f[4].matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return null;
        }
        try {
            int port = Integer.parseInt(f[5]);
            if (port <= 0 || port > 65535) {
                return null;
            }
            return new InetSocketAddress(InetAddress.getByName(f[4]), port);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }

    /** Keeps only the candidates this run may contact. */
    public static RemotePeer allowedOnly(RemotePeer remote, boolean allowRemote) {
        return allowedOnly(remote, allowRemote, false);
    }

    /**
     * As {@link #allowedOnly(RemotePeer, boolean)}; with {@code allowLocalInterfaces} candidates on an
     * address of one of this host's own interfaces are kept too (traffic to them never leaves the host).
     */
    public static RemotePeer allowedOnly(RemotePeer remote, boolean allowRemote, boolean allowLocalInterfaces) {
        if (allowRemote) {
            return remote;
        }
        List<InetSocketAddress> loopback = new ArrayList<>();
        for (InetSocketAddress a : remote.candidates()) {
            if (a.getAddress().isLoopbackAddress() || allowLocalInterfaces && isOwnAddress(a.getAddress())) {
                loopback.add(a);
            }
        }
        return new RemotePeer(remote.ice(), remote.fingerprint(), remote.localDtlsRole(), loopback);
    }

    private static boolean isOwnAddress(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static SessionDescription parse(String sdp) throws SdpRejectedException {
        try {
            return SdpParser.parse(sdp);
        } catch (SdpParseException e) {
            throw new SdpRejectedException(e.getMessage());
        }
    }
}
