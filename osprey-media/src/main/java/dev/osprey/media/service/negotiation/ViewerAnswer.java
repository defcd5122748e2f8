package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.SdpRejectedException;
import dev.osprey.webrtc.transport.TransportSdp;

/**
 * What a viewer's answer to a play or room offer says: its transport, what each section accepted, and
 * the data channel's max message size ({@link DataChannelSdp#NOT_ACCEPTED} when it declined the channel).
 */
public record ViewerAnswer(RemotePeer remote, AnswerSections sections, long dataMaxMessageSize) {

    public static ViewerAnswer parse(String sdp) throws SdpRejectedException, SdpParseException {
        return new ViewerAnswer(TransportSdp.remoteFromAnswer(sdp), AnswerSections.parse(sdp),
                DataChannelSdp.acceptedMaxMessageSize(sdp));
    }

    /** The viewer accepted the offered data channel section ({@link #dataMaxMessageSize} is its limit then). */
    public boolean acceptsDataChannel() {
        return dataMaxMessageSize != DataChannelSdp.NOT_ACCEPTED;
    }
}
