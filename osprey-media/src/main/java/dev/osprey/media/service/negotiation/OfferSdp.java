package dev.osprey.media.service.negotiation;

import dev.osprey.media.service.MediaException;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;

/** A client's SDP offer read, or refused as {@link MediaException.Kind#UNACCEPTABLE_OFFER}. */
final class OfferSdp {
    private OfferSdp() {
    }

    static SessionDescription parse(String offerSdp) throws MediaException {
        if (offerSdp == null) {
            throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "no SDP");
        }
        try {
            return SdpParser.parse(offerSdp);
        } catch (SdpParseException e) {
            throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "unparseable offer: " + e.getMessage());
        }
    }
}
