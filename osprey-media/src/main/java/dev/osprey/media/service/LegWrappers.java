package dev.osprey.media.service;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;
import dev.osprey.webrtc.transport.PeerTransportListener;

import java.util.List;

/**
 * Wrappers a {@link MediaService} puts around its media legs, so that tests and diagnostics can drop or
 * time packets without a branch on the sessions' packet path: around each publisher leg's transport
 * events (before the broadcast), and around each viewer's sink (after the broadcast's rewrite, before
 * SRTP). Production runs with {@link #NONE}. Wrappers run on the media loop and must not block.
 */
public interface LegWrappers {
    LegWrappers NONE = new LegWrappers() {
    };

    /** Wraps the transport events of a publisher of {@code streamId}. */
    default PeerTransportListener publisherLeg(String streamId, PeerTransportListener leg) {
        return leg;
    }

    /** Wraps a viewer's sink on {@code broadcast} (a conference viewer has one per participant). */
    default MediaSink viewerLeg(Broadcast broadcast, MediaSink leg) {
        return leg;
    }

    /** All of {@code wrappers}, the first one outermost. */
    static LegWrappers of(List<LegWrappers> wrappers) {
        List<LegWrappers> all = List.copyOf(wrappers);
        return new LegWrappers() {
            @Override
            public PeerTransportListener publisherLeg(String streamId, PeerTransportListener leg) {
                for (int i = all.size() - 1; i >= 0; i--) {
                    leg = all.get(i).publisherLeg(streamId, leg);
                }
                return leg;
            }

            @Override
            public MediaSink viewerLeg(Broadcast broadcast, MediaSink leg) {
                for (int i = all.size() - 1; i >= 0; i--) {
                    leg = all.get(i).viewerLeg(broadcast, leg);
                }
                return leg;
            }
        };
    }
}
