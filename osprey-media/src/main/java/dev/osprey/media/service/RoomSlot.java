package dev.osprey.media.service;

import dev.osprey.media.Viewer;
import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;

/**
 * One audio + video pair of m-sections in a room viewer's offer, with stable mids. It carries one
 * participant at a time; a departed participant's sections turn {@code inactive} and are only reused
 * for another participant after the viewer has answered that inactive offer, so a section never
 * switches directly from one participant's stream to another's. A section the viewer's answer rejected
 * (port 0, e.g. a codec it cannot decode) stays rejected in every later offer, and its slot is never
 * reused (JSEP keeps a rejected m-section at port 0 unless it is recycled under a new mid). Media loop only.
 */
final class RoomSlot {

    final String audioMid;
    final String videoMid;

    /** The participant carried, or null when the sections are inactive. */
    String participant;
    PublisherSession publisher;
    /** The sections as offered for the participant; null for a kind it does not publish. */
    SendTrack audio;
    SendTrack video;
    /** Publisher track indexes forwarded in each section, -1 when absent. */
    int audioTrack = -1;
    int videoTrack = -1;
    /** What the answer accepted, set when the answer to the offer introducing the participant arrives. */
    ViewerDescription description;
    /** The viewer answered an offer carrying this participant: its SSRCs are known to the browser. */
    boolean answered;
    /** The participant was in the last offer sent. */
    boolean offered;
    Viewer viewer;
    /** Free and its inactive state was answered: may take a new participant. */
    boolean reusable;
    /** Codecs last carried (connection payload types), kept by the inactive placeholder. */
    RtpCodec lastAudioCodec;
    RtpCodec lastVideoCodec;
    /** An answer rejected the section; it survives {@link #clear()}. */
    boolean audioRejected;
    boolean videoRejected;

    RoomSlot(int index) {
        this.audioMid = Integer.toString(2 * index);
        this.videoMid = Integer.toString(2 * index + 1);
    }

    boolean occupied() {
        return participant != null;
    }

    /** The answer accepted publisher track {@code track} in this slot: the viewer forwards it. */
    boolean accepted(int track) {
        if (track < 0 || description == null) {
            return false;
        }
        for (ViewerTrackDescription t : description.tracks()) {
            if (t.track() == track) {
                return true;
            }
        }
        return false;
    }

    /** Free, its inactive state answered, and no section rejected: may take a new participant. */
    boolean mayTakeParticipant() {
        return !occupied() && reusable && !audioRejected && !videoRejected;
    }

    void clear() {
        participant = null;
        publisher = null;
        audio = null;
        video = null;
        audioTrack = -1;
        videoTrack = -1;
        description = null;
        answered = false;
        offered = false;
        viewer = null;
        reusable = false;
    }
}
