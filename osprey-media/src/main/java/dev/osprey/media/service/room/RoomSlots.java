package dev.osprey.media.service.room;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;
import dev.osprey.media.Viewer;
import dev.osprey.media.service.negotiation.AnswerSections;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which participant sits in which {@link RoomSlot} of one room viewer connection: a participant that
 * leaves frees its slot at once, a new one takes a free slot that may be reused (see {@link RoomSlot}) or
 * a new one appended after the others (a slot's index fixes its mids, so slots are never removed or
 * reordered). Also reaches the {@link Viewer}s forwarding the slots' participants. Media loop only.
 */
final class RoomSlots {

    private final List<RoomSlot> slots = new ArrayList<>();
    private final RoomOffers offers;
    /** Told when the next offer must differ from the last: a participant took or left a slot. */
    private final Runnable changed;

    /**
     * @param offers  makes a participant's sections
     * @param changed told when the next offer must differ from the last
     */
    RoomSlots(RoomOffers offers, Runnable changed) {
        this.offers = offers;
        this.changed = changed;
    }

    /**
     * Brings the slots in line with {@code wanted}: a participant no longer wanted, or whose publisher ended
     * or was replaced ({@code livePublisher} gives a stream's live publisher, or null), leaves its slot; a
     * wanted one that is live and has no slot takes one. Returns true when a participant left.
     */
    boolean reconcile(List<String> wanted, Function<String, RoomParticipant> livePublisher) {
        boolean dropped = false;
        Set<String> carried = new HashSet<>();
        for (RoomSlot slot : slots) {
            if (slot.occupied()) {
                if (!wanted.contains(slot.participant()) || !slot.fedBy(livePublisher.apply(slot.participant()))) {
                    vacate(slot);
                    dropped = true;
                } else {
                    carried.add(slot.participant());
                }
            }
        }
        for (String participant : wanted) {
            if (carried.contains(participant)) {
                continue;
            }
            RoomParticipant publisher = livePublisher.apply(participant);
            if (publisher != null && occupy(freeSlot(), participant, publisher)) {
                carried.add(participant);
            }
        }
        return dropped;
    }

    private RoomSlot freeSlot() {
        for (RoomSlot slot : slots) {
            if (slot.mayTakeParticipant()) {
                return slot;
            }
        }
        RoomSlot slot = new RoomSlot(slots.size());
        slots.add(slot);
        return slot;
    }

    /** Offers the participant's first audio and first video track in the slot, under the connection's payload types. */
    private boolean occupy(RoomSlot slot, String participant, RoomParticipant publisher) {
        SendTrack audio = null;
        SendTrack video = null;
        int audioTrack = -1;
        int videoTrack = -1;
        List<PublishedTrack> published = publisher.tracks();
        for (int i = 0; i < published.size(); i++) {
            PublishedTrack t = published.get(i);
            boolean isVideo = MediaSection.VIDEO.equals(t.kind());
            if (!t.active() || (isVideo ? videoTrack >= 0 : audioTrack >= 0)) {
                continue; // one section per kind: a second track of the same kind is not forwarded
            }
            SendTrack send = offers.section(participant, t, isVideo ? slot.videoMid() : slot.audioMid());
            if (send == null) {
                continue;
            }
            if (isVideo) {
                video = send;
                videoTrack = i;
            } else {
                audio = send;
                audioTrack = i;
            }
        }
        if (audio == null && video == null) {
            return false;
        }
        slot.occupy(participant, publisher, audio, audioTrack, video, videoTrack);
        changed.run();
        return true;
    }

    /** Stops forwarding the slot's participant at once; its sections go inactive in the next offer. */
    private void vacate(RoomSlot slot) {
        slot.vacate();
        changed.run();
    }

    /**
     * The slots of the offer going out, each marked as offered; at least one, so that a room with nobody
     * publishing yet still has (inactive) sections to bring the transport up.
     */
    List<RoomSlot> offer() {
        if (slots.isEmpty()) {
            slots.add(new RoomSlot(0));
        }
        for (RoomSlot slot : slots) {
            slot.markOffered();
        }
        return Collections.unmodifiableList(slots);
    }

    /** The viewer answered the last offer: see {@link RoomSlot#answered}. */
    void answered(AnswerSections answer) {
        for (RoomSlot slot : slots) {
            slot.answered(answer, s -> offers.accepted(s, answer));
        }
    }

    /**
     * Starts forwarding every participant whose sections the viewer accepted: a viewer named after
     * {@code viewerId} on its broadcast, sending to the sink {@code sinkFor} gives for that broadcast.
     */
    void startForwarding(String viewerId, Function<Broadcast, MediaSink> sinkFor) {
        for (RoomSlot slot : slots) {
            if (slot.readyToForward()) {
                slot.startForwarding(viewerId, sinkFor);
            }
        }
    }

    /** Switches each forwarded participant's video and audio on or off as the predicates say. */
    void enableTracks(Predicate<String> videoOn, Predicate<String> audioOn) {
        for (RoomSlot slot : slots) {
            if (slot.viewer() != null) {
                String participant = slot.participant();
                slot.enableTracks(videoOn.test(participant), audioOn.test(participant));
            }
        }
    }

    /** The participant is forwarded and the viewer accepted its video section. */
    boolean videoForwarded(String participant) {
        for (RoomSlot slot : slots) {
            if (participant.equals(slot.participant())) {
                return slot.videoForwarded();
            }
        }
        return false;
    }

    /** The viewer's RTCP: a compound packet covers every stream of the connection; each viewer acts on its own. */
    void onRtcp(byte[] buf, int off, int len) {
        for (RoomSlot slot : slots) {
            Viewer viewer = slot.viewer();
            if (viewer != null) {
                viewer.onRtcp(buf, off, len);
            }
        }
    }

    /** The viewers forwarding a participant now, in slot order. */
    List<Viewer> viewers() {
        List<Viewer> out = new ArrayList<>();
        for (RoomSlot slot : slots) {
            if (slot.viewer() != null) {
                out.add(slot.viewer());
            }
        }
        return out;
    }

    /** Stops forwarding every participant (the session ends); no offer follows. */
    void vacateAll() {
        for (RoomSlot slot : slots) {
            slot.vacate();
        }
    }
}
