package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.Group;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Edits a built offer into a re-offer's shape, for the play connections that re-offer (room and
 * single-stream viewers): m-lines never move or disappear (JSEP keeps a mid for the connection's
 * lifetime), they turn {@code inactive} or stay at port 0.
 */
public final class OfferSections {

    private OfferSections() {
    }

    /**
     * Sections that carry nothing now: {@code inactive}, without msid and SSRCs (the offer builder needs a
     * codec and an SSRC for every section; the viewer must not expect a stream there).
     */
    public static void deactivate(SessionDescription offer, Collection<String> inactive) {
        for (MediaSection m : offer.media()) {
            if (inactive.contains(m.mid())) {
                m.setDirection(Direction.INACTIVE);
                m.msids().clear();
                m.ssrcs().clear();
                m.ssrcGroups().clear();
            }
        }
    }

    /** Sections an earlier answer rejected stay rejected: port 0, no candidates, out of the BUNDLE group. */
    public static void reject(SessionDescription offer, Collection<String> rejected, List<String> mids) {
        if (rejected.isEmpty()) {
            return;
        }
        for (MediaSection m : offer.media()) {
            if (rejected.contains(m.mid())) {
                m.setPort(0);
                m.candidates().clear();
                m.setEndOfCandidates(false);
            }
        }
        List<String> bundled = new ArrayList<>(mids);
        bundled.removeAll(rejected);
        offer.groups().replaceAll(g -> Group.BUNDLE.equals(g.semantics()) ? new Group(Group.BUNDLE, bundled) : g);
    }

    /**
     * The builder puts the data channel section last: move it (and its BUNDLE entry) to its place in
     * {@code mids}, the m-line order of the connection.
     */
    public static void placeDataSection(SessionDescription offer, String dataMid, List<String> mids) {
        List<MediaSection> media = offer.media();
        MediaSection data = media.remove(media.size() - 1);
        media.add(mids.indexOf(dataMid), data);
        offer.groups().replaceAll(g -> Group.BUNDLE.equals(g.semantics()) ? new Group(Group.BUNDLE, mids) : g);
    }
}
