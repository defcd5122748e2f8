package dev.osprey.media.service.negotiation;

import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;

import java.util.List;

/**
 * What a single-stream viewer's connection carries of the publisher's tracks, whichever side offered:
 * {@link PlaySections} when the server offered (it re-offers when the publisher changes), {@link AnsweredTracks}
 * when the viewer offered (WHEP; fixed by the one answer). Media loop only.
 */
public interface ViewerTracks {

    /** Every track the viewer accepted (forwarded now or paused), in m-line order. */
    List<ViewerTrackDescription> acceptedTracks();

    /** True when publisher track {@code track} goes to the viewer now. */
    boolean forwarding(int track);

    /**
     * Follows the publisher's track list (broadcast order, inactive tracks included); true when something
     * changed for the viewer (what {@link #forwarding} says, or for an offering server the next offer).
     */
    boolean follow(List<PublishedTrack> tracks);

    /** The viewer's session for the broadcast: {@code tracks} under the header extension ids it negotiated. */
    ViewerDescription description(List<ViewerTrackDescription> tracks);
}
