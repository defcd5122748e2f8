package dev.osprey.media.service.room;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;
import dev.osprey.media.Viewer;
import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.media.service.negotiation.AnswerSections;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;

import java.util.function.Function;

/**
 * One audio + video pair of m-sections in a room viewer's offer, with stable mids. It carries one
 * participant at a time; a departed participant's sections turn {@code inactive} and are only reused
 * for another participant after the viewer has answered that inactive offer, so a section never
 * switches directly from one participant's stream to another's. A section the viewer's answer rejected
 * (port 0, e.g. a codec it cannot decode) stays rejected in every later offer, and its slot is never
 * reused (JSEP keeps a rejected m-section at port 0 unless it is recycled under a new mid). Media loop only.
 */
final class RoomSlot {

    private final String audioMid;
    private final String videoMid;

    /** The participant carried, or null when the sections are inactive. */
    private String participant;
    private RoomParticipant publisher;
    /** The sections as offered for the participant; null for a kind it does not publish. */
    private SendTrack audio;
    private SendTrack video;
    /** Publisher track indexes forwarded in each section, -1 when absent. */
    private int audioTrack = -1;
    private int videoTrack = -1;
    /** What the answer accepted, set when the answer to the offer introducing the participant arrives. */
    private ViewerDescription description;
    /** The viewer answered an offer carrying this participant: its SSRCs are known to the browser. */
    private boolean answered;
    /** The participant was in the last offer sent. */
    private boolean offered;
    private Viewer viewer;
    /** Free and its inactive state was answered: may take a new participant. */
    private boolean reusable;
    /** Codecs last carried (connection payload types), kept by the inactive placeholder. */
    private RtpCodec lastAudioCodec;
    private RtpCodec lastVideoCodec;
    /** An answer rejected the section; it survives {@link #vacate()}. */
    private boolean audioRejected;
    private boolean videoRejected;

    RoomSlot(int index) {
        this.audioMid = Integer.toString(2 * index);
        this.videoMid = Integer.toString(2 * index + 1);
    }

    String audioMid() {
        return audioMid;
    }

    String videoMid() {
        return videoMid;
    }

    /** The participant carried, or null when the sections are inactive. */
    String participant() {
        return participant;
    }

    boolean occupied() {
        return participant != null;
    }

    /** The audio section as offered for the participant; null when inactive. */
    SendTrack audio() {
        return audio;
    }

    /** The video section as offered for the participant; null when inactive. */
    SendTrack video() {
        return video;
    }

    /** The publisher track forwarded in {@code send}, one of this slot's sections. */
    int trackOf(SendTrack send) {
        return send == audio ? audioTrack : videoTrack;
    }

    boolean audioRejected() {
        return audioRejected;
    }

    boolean videoRejected() {
        return videoRejected;
    }

    /** The codec the audio section last carried (what its inactive placeholder offers), or null. */
    RtpCodec lastAudioCodec() {
        return lastAudioCodec;
    }

    /** The codec the video section last carried (what its inactive placeholder offers), or null. */
    RtpCodec lastVideoCodec() {
        return lastVideoCodec;
    }

    /** The viewer forwarding the participant to this slot, or null before it is forwarded. */
    Viewer viewer() {
        return viewer;
    }

    /** True while the slot carries {@code live}, the stream's current publisher, and it has not ended. */
    boolean fedBy(RoomParticipant live) {
        return !publisher.ended() && live == publisher;
    }

    /** Free, its inactive state answered, and no section rejected: may take a new participant. */
    boolean mayTakeParticipant() {
        return !occupied() && reusable && !audioRejected && !videoRejected;
    }

    /**
     * Carries {@code participant} from the next offer on: {@code audio} and {@code video} (one may be null)
     * are its sections, forwarding publisher tracks {@code audioTrack} and {@code videoTrack}.
     */
    void occupy(String participant, RoomParticipant publisher, SendTrack audio, int audioTrack, SendTrack video,
                int videoTrack) {
        this.participant = participant;
        this.publisher = publisher;
        if (audio != null) {
            this.audio = audio;
            this.audioTrack = audioTrack;
            this.lastAudioCodec = audio.codec();
        }
        if (video != null) {
            this.video = video;
            this.videoTrack = videoTrack;
            this.lastVideoCodec = video.codec();
        }
        reusable = false;
        offered = false; // an outstanding offer shows the slot inactive: its answer must not start forwarding
    }

    /** The slot is in the offer going out. */
    void markOffered() {
        offered = true;
    }

    /**
     * The viewer answered the last offer: rejected sections stay rejected, a free slot becomes reusable, and
     * a participant introduced by that offer gets what the answer accepted ({@code accepted}, null for nothing).
     */
    void answered(AnswerSections answer, Function<RoomSlot, ViewerDescription> accepted) {
        if (!offered) {
            return; // the slot's current state (participant or inactive) was not in the answered offer
        }
        audioRejected |= answer.rejected(audioMid);
        videoRejected |= answer.rejected(videoMid);
        if (!occupied()) {
            reusable = true;
        } else if (!answered) {
            answered = true;
            description = accepted.apply(this);
        }
    }

    /** The answer accepted the participant's sections and nothing forwards them yet. */
    boolean readyToForward() {
        return occupied() && answered && description != null && viewer == null;
    }

    /** Starts forwarding: a viewer of the participant's broadcast, sending through {@code sinkFor}'s sink. */
    void startForwarding(String viewerId, Function<Broadcast, MediaSink> sinkFor) {
        Broadcast broadcast = publisher.broadcast();
        viewer = broadcast.addViewer(viewerId + "/" + audioMid, description, sinkFor.apply(broadcast));
    }

    /** Switches the forwarded participant's video and audio on or off. */
    void enableTracks(boolean videoOn, boolean audioOn) {
        if (viewer == null) {
            return;
        }
        if (videoTrack >= 0) {
            viewer.setTrackEnabled(videoTrack, videoOn);
        }
        if (audioTrack >= 0) {
            viewer.setTrackEnabled(audioTrack, audioOn);
        }
    }

    /** Forwarded, and the answer accepted its video section. */
    boolean videoForwarded() {
        return viewer != null && accepted(videoTrack);
    }

    /** The answer accepted publisher track {@code track} in this slot: the viewer forwards it. */
    private boolean accepted(int track) {
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

    /** Stops forwarding the participant and frees the sections (rejected ones stay rejected). */
    void vacate() {
        if (viewer != null) {
            publisher.broadcast().removeViewer(viewer);
        }
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
