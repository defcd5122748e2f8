package dev.osprey.media.service.negotiation;

import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.webrtc.transport.RemotePeer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The server's answer to a viewer's offer (WHEP), as {@link ViewerOfferNegotiation} made it.
 *
 * @param sdp                the answer
 * @param remote             the viewer's transport (known from the offer, so the transport can start at once)
 * @param tracks             what the viewer receives: its payload types, the SSRCs the answer announces
 * @param idMapping          mid → track id of the accepted audio and video m-lines
 * @param acceptedMids       the mid of every accepted m-line by its index in the offer (null where rejected)
 * @param headerExtensions   the viewer's ids (URI → id) of the extensions the forwarding keeps
 * @param dataMaxMessageSize the viewer's {@code a=max-message-size} when the data channel m-line was accepted,
 *                           else {@link DataChannelSdp#NOT_ACCEPTED}
 */
public record PlayAnswer(String sdp, RemotePeer remote, List<ViewerTrackDescription> tracks,
                         Map<String, String> idMapping, List<String> acceptedMids,
                         Map<String, Integer> headerExtensions, long dataMaxMessageSize) {

    public PlayAnswer {
        tracks = List.copyOf(tracks);
        idMapping = Map.copyOf(idMapping);
        acceptedMids = Collections.unmodifiableList(new ArrayList<>(acceptedMids)); // nulls allowed
        headerExtensions = Map.copyOf(headerExtensions);
    }

    /** The viewer's data channel m-line was accepted ({@link #dataMaxMessageSize} is its limit then). */
    public boolean acceptsDataChannel() {
        return dataMaxMessageSize != DataChannelSdp.NOT_ACCEPTED;
    }
}
