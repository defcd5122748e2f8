package dev.osprey.media.service.room;

import dev.osprey.media.service.negotiation.OfferSections;
import dev.osprey.media.service.negotiation.PlayOffer;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.TransportSdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offer (first or re-offer) a room viewer gets: per {@link RoomSlot} an audio then a video section
 * with the slot's stable mids. A slot carrying a participant is sendonly with the participant's
 * codec, SSRCs and msid {@code <participant> ARDAMS[av]<participant>}; a free slot, or a kind the
 * participant does not publish, is {@code inactive} without SSRCs (JSEP keeps an m-section's mid
 * for its lifetime, so sections are never removed, only deactivated and later reused). Every section
 * stays in the one BUNDLE group, which also lets a room with no participant yet set up its transport.
 *
 * <p>Payload types come from the connection's {@link RoomPayloadTypes}, never from a participant's own
 * numbering, so that one number names one codec across the BUNDLE group. A section an earlier answer
 * rejected is offered at port 0, {@code inactive}, outside the BUNDLE group.
 *
 * <p>With data channels, an {@code m=application} section (mid {@value #DATA_MID}) sits after the
 * slots that existed at the first offer; slots added later follow it, so no m-line ever moves.
 *
 * @param sdp       the offer
 * @param idMapping mid → track id of the active sections, for {@code takeConfiguration}
 * @param mids      every mid in m-line order (for trickled candidates)
 */
record RoomPlayOffer(String sdp, Map<String, String> idMapping, List<String> mids) {

    /** The data channel section's mid; slot mids are numbers, so it never collides with one. */
    static final String DATA_MID = "data";

    /**
     * @param dataPosition how many slots precede the data channel section, or -1 for none
     */
    static RoomPlayOffer build(LocalTransport local, String sessionId, long version, String roomId,
                               List<RoomSlot> slots, int dataPosition, String cname, RoomPayloadTypes payloadTypes) {
        OfferBuilder builder = TransportSdp.offerBuilder(local, sessionId, version);
        Map<String, String> idMapping = new LinkedHashMap<>();
        List<String> mids = new ArrayList<>();
        List<String> inactive = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        long placeholderSsrc = 1;
        for (int s = 0; s < slots.size(); s++) {
            if (s == dataPosition) {
                mids.add(DATA_MID);
            }
            RoomSlot slot = slots.get(s);
            for (boolean audio : new boolean[] {true, false}) {
                SendTrack active = audio ? slot.audio() : slot.video();
                String mid = audio ? slot.audioMid() : slot.videoMid();
                mids.add(mid);
                if (audio ? slot.audioRejected() : slot.videoRejected()) {
                    rejected.add(mid);
                    active = null;
                }
                if (active != null) {
                    builder.addTrack(active);
                    idMapping.put(mid, active.trackId());
                    continue;
                }
                // An inactive placeholder with a codec of the connection's table (a BUNDLE group must
                // not map one payload type to two codecs), SSRC and msid stripped below.
                RtpCodec last = audio ? slot.lastAudioCodec() : slot.lastVideoCodec();
                RtpCodec codec = last != null ? last
                        : payloadTypes.placeholder(audio ? MediaSection.AUDIO : MediaSection.VIDEO);
                builder.addTrack(new SendTrack(audio ? MediaSection.AUDIO : MediaSection.VIDEO, mid, codec, null,
                        placeholderSsrc++, null, roomId, roomId + "-" + mid, cname,
                        audio ? PlayOffer.AUDIO_EXTENSIONS : PlayOffer.VIDEO_EXTENSIONS));
                inactive.add(mid);
            }
        }
        if (dataPosition >= 0) {
            if (dataPosition >= slots.size()) {
                mids.add(DATA_MID);
            }
            builder.dataChannel(DATA_MID, SctpConfig.WEBRTC_PORT, SctpConfig.DEFAULT_MAX_MESSAGE_SIZE);
        }
        SessionDescription offer = builder.build();
        if (dataPosition >= 0) {
            OfferSections.placeDataSection(offer, DATA_MID, mids);
        }
        OfferSections.deactivate(offer, inactive);
        OfferSections.reject(offer, rejected, mids);
        return new RoomPlayOffer(SdpWriter.write(offer), idMapping, mids);
    }
}
