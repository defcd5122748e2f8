package dev.osprey.media.service.room;

import dev.osprey.media.Broadcast;
import dev.osprey.media.service.negotiation.PublishedTrack;

import java.util.List;

/**
 * A conference participant as a room viewer sees it: a stream's publisher, whose tracks the viewer is
 * offered, whose broadcast it joins, and to whom its data channel messages go. Media loop only.
 */
public interface RoomParticipant {

    /** Every track in broadcast order, inactive ones too (see {@link PublishedTrack#active()}). */
    List<PublishedTrack> tracks();

    /** The broadcast the participant feeds. */
    Broadcast broadcast();

    /** True once the participant's session ended. */
    boolean ended();

    /** Sends a room viewer's message to the participant; false when dropped (no channel, queue full). */
    boolean sendData(byte[] payload, boolean binary);
}
