package dev.osprey.media.service;

import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.transport.SdpRejectedException;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.TransportSdp;

/**
 * What a viewer's answer to a play or room offer says: its transport, what each section accepted, and
 * the data channel's max message size ({@link DataChannelSdp#NOT_ACCEPTED} when it declined the channel).
 */
record ViewerAnswer(RemotePeer remote, RoomAnswer sections, long dataMaxMessageSize) {

    static ViewerAnswer parse(String sdp) throws SdpRejectedException, SdpParseException {
        return new ViewerAnswer(TransportSdp.remoteFromAnswer(sdp), RoomAnswer.parse(sdp),
                DataChannelSdp.acceptedMaxMessageSize(sdp));
    }
}
