package dev.osprey.media.service;

import dev.osprey.media.Subscriber;
import dev.osprey.media.SubscriberDescription;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;

/**
 * One audio + video pair of m-sections in a room viewer's offer, with stable mids. It carries one
 * participant at a time; a departed participant's sections turn {@code inactive} and are only reused
 * for another participant after the viewer has answered that inactive offer, so a section never
 * switches directly from one participant's stream to another's. Media loop only.
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
    SubscriberDescription description;
    /** The viewer answered an offer carrying this participant: its SSRCs are known to the browser. */
    boolean answered;
    /** The participant was in the last offer sent. */
    boolean offered;
    Subscriber subscriber;
    /** Free and its inactive state was answered: may take a new participant. */
    boolean reusable;
    /** Codecs last carried, reused for the inactive placeholder so payload types stay consistent. */
    RtpCodec lastAudioCodec;
    RtpCodec lastVideoCodec;

    RoomSlot(int index) {
        this.audioMid = Integer.toString(2 * index);
        this.videoMid = Integer.toString(2 * index + 1);
    }

    boolean occupied() {
        return participant != null;
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
        subscriber = null;
        reusable = false;
    }
}
