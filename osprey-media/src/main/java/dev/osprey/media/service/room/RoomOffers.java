package dev.osprey.media.service.room;

import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.media.service.negotiation.AnswerSections;
import dev.osprey.media.service.negotiation.PlayOffer;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the offers of one room viewer connection ({@link RoomPlayOffer}) and reads what their answers
 * accepted. It keeps what must stay the same across the connection's offers: the payload type table
 * ({@link RoomPayloadTypes}), the cname, and the data channel section's place, fixed by the first offer.
 * Media loop only.
 */
final class RoomOffers {
    private static final Logger LOG = LoggerFactory.getLogger(RoomOffers.class);

    private final String room;
    private final String viewerId;
    private final LocalTransport local;
    private final boolean dataChannel;
    private final String cname = "osprey-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final RoomPayloadTypes payloadTypes = new RoomPayloadTypes();
    /** Slots before the data channel section, fixed by the first offer; -1 until then or without data channels. */
    private int dataPosition = -1;

    /**
     * @param viewerId    the room viewer session's id (the offers' SDP session id)
     * @param dataChannel offer a data channel section
     */
    RoomOffers(String room, String viewerId, LocalTransport local, boolean dataChannel) {
        this.room = room;
        this.viewerId = viewerId;
        this.local = local;
        this.dataChannel = dataChannel;
    }

    /**
     * The section {@code mid} offering {@code participant}'s published {@code track} under the connection's
     * payload types, with fresh SSRCs; null when the payload type space is exhausted (not offered then).
     */
    SendTrack section(String participant, PublishedTrack track, String mid) {
        RoomPayloadTypes.Entry entry = payloadTypes.entry(track.kind(), track.codec(), track.rtx());
        if (entry == null) {
            LOG.warn("{}: room viewer {} has no payload type left for {} of {}", room, viewerId, track.codec(),
                    participant);
            return null;
        }
        boolean video = MediaSection.VIDEO.equals(track.kind());
        boolean rtx = track.rtx() != null && entry.hasRtx();
        return new SendTrack(track.kind(), mid, entry.codec(),
                rtx ? entry.rtxPayloadType() : null, PlayOffer.randomSsrc(),
                rtx ? PlayOffer.randomSsrc() : null, participant,
                (video ? "ARDAMSv" : "ARDAMSa") + participant, cname,
                video ? PlayOffer.VIDEO_EXTENSIONS : PlayOffer.AUDIO_EXTENSIONS);
    }

    /** The offer of {@code slots}, as session version {@code version}; the first one fixes the data channel's place. */
    RoomPlayOffer build(long version, List<RoomSlot> slots) {
        if (dataChannel && dataPosition < 0) {
            dataPosition = slots.size();
        }
        return RoomPlayOffer.build(local, viewerId, version, room, slots, dataPosition, cname, payloadTypes);
    }

    /** An offer carried the data channel section. */
    boolean dataChannelOffered() {
        return dataPosition >= 0;
    }

    /**
     * What the broadcast forwards to the slot: each section the answer accepted with the offered codec,
     * under the payload types the answer gave it; null when it accepted none.
     */
    ViewerDescription accepted(RoomSlot slot, AnswerSections answer) {
        List<ViewerTrackDescription> tracks = new ArrayList<>();
        for (SendTrack send : new SendTrack[] {slot.audio(), slot.video()}) {
            AnswerSections.Accepted a = send == null ? null : answer.accepted(send.mid(), send.codec());
            if (a == null) {
                if (send != null) {
                    LOG.debug("{}: room viewer {} declined {} of {}", room, viewerId, send.codec(), slot.participant());
                }
                continue;
            }
            boolean rtx = send.rtxSsrc() != null && a.rtxPayloadType() >= 0;
            tracks.add(new ViewerTrackDescription(slot.trackOf(send), a.payloadType(),
                    (int) send.ssrc(), rtx ? send.rtxSsrc().intValue() : 0, rtx ? a.rtxPayloadType() : -1));
        }
        if (tracks.isEmpty()) {
            return null;
        }
        return new ViewerDescription(tracks, PlayOffer.VIEWER_EXTENSIONS);
    }
}
