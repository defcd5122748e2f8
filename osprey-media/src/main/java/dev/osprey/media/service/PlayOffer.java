package dev.osprey.media.service;

import dev.osprey.media.SubscriberDescription;
import dev.osprey.media.SubscriberTrack;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.TransportSdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The offer a viewer gets: one sendonly section per active published track (mids "0", "1", ...) with the
 * publisher's codec, payload type and fmtp, its rtx when the publisher has one, fresh SSRCs, and
 * the header extensions the forwarding keeps (audio level, abs-send-time, which Chromium's
 * receive-side estimator needs for REMB). Track ids follow Ant Media: {@code ARDAMSv<streamId>},
 * {@code ARDAMSa<streamId>}. With data channels enabled an {@code m=application} section follows the
 * tracks (its mid is the next number; it is not in {@code idMapping}); a data-only stream has only that.
 *
 * @param sdp          the offer
 * @param idMapping    mid → track id, for {@code takeConfiguration}
 * @param mids         the mids in m-line order
 * @param subscriber   what the broadcast needs to forward to this viewer
 * @param dataChannel  the offer has a data channel section
 */
record PlayOffer(String sdp, Map<String, String> idMapping, List<String> mids, SubscriberDescription subscriber,
                 boolean dataChannel) {

    static final int AUDIO_LEVEL_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    private static final List<RtcpFeedback> VIDEO_FEEDBACK = List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.CCM_FIR,
            RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);

    static PlayOffer build(LocalTransport local, String streamId, List<PublishedTrack> tracks, boolean dataChannel,
                           String sessionId) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        OfferBuilder builder = TransportSdp.offerBuilder(local, sessionId, 1);
        Map<String, String> idMapping = new LinkedHashMap<>();
        List<String> mids = new ArrayList<>();
        List<SubscriberTrack> subscriberTracks = new ArrayList<>();
        String cname = "osprey-" + Long.toHexString(random.nextLong());
        for (int i = 0; i < tracks.size(); i++) {
            PublishedTrack t = tracks.get(i);
            if (!t.active()) {
                continue; // the publisher stopped sending it: not offered (i stays its broadcast index)
            }
            boolean video = MediaSection.VIDEO.equals(t.kind());
            String mid = Integer.toString(mids.size());
            String trackId = (video ? "ARDAMSv" : "ARDAMSa") + streamId;
            int ssrc = nonZero(random);
            int rtxSsrc = t.rtx() == null ? 0 : nonZero(random);
            RtpCodec codec = t.codec().withFeedback(video ? VIDEO_FEEDBACK : List.of());
            List<ExtMap> extensions = video
                    ? List.of(ExtMap.of(ABS_SEND_TIME_ID, HeaderExtensions.ABS_SEND_TIME))
                    : List.of(ExtMap.of(AUDIO_LEVEL_ID, HeaderExtensions.SSRC_AUDIO_LEVEL),
                            ExtMap.of(ABS_SEND_TIME_ID, HeaderExtensions.ABS_SEND_TIME));
            builder.addTrack(new SendTrack(t.kind(), mid, codec,
                    t.rtx() == null ? null : t.rtx().payloadType(), Integer.toUnsignedLong(ssrc),
                    t.rtx() == null ? null : Integer.toUnsignedLong(rtxSsrc), streamId, trackId, cname, extensions));
            idMapping.put(mid, trackId);
            mids.add(mid);
            subscriberTracks.add(new SubscriberTrack(i, codec.payloadType(), ssrc, rtxSsrc,
                    t.rtx() == null ? -1 : t.rtx().payloadType()));
        }
        if (dataChannel) {
            String mid = Integer.toString(mids.size());
            builder.dataChannel(mid, SctpConfig.WEBRTC_PORT, SctpConfig.DEFAULT_MAX_MESSAGE_SIZE);
            mids.add(mid);
        }
        String sdp = SdpWriter.write(builder.build());
        SubscriberDescription subscriber = new SubscriberDescription(subscriberTracks, Map.of(
                HeaderExtensions.SSRC_AUDIO_LEVEL, AUDIO_LEVEL_ID, HeaderExtensions.ABS_SEND_TIME, ABS_SEND_TIME_ID));
        return new PlayOffer(sdp, idMapping, mids, subscriber, dataChannel);
    }

    private static int nonZero(ThreadLocalRandom random) {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }
}
