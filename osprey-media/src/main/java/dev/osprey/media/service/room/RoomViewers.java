package dev.osprey.media.service.room;

import dev.osprey.media.service.EndReason;
import dev.osprey.media.service.SessionListener;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The conference viewers of one media service: opens them, ticks and ends them, and reaches them by room
 * or by participant to deliver data channel messages. {@link #open} may be called from any thread;
 * everything else runs on the media loop.
 */
public final class RoomViewers {

    private final RoomHost host;
    /** Media loop only. */
    private final List<RoomViewerSession> viewers = new ArrayList<>();

    public RoomViewers(RoomHost host) {
        this.host = host;
    }

    /**
     * Opens a room viewer: its transport comes from {@code transports} (given the session's transport
     * listener), and its first offer and candidates are sent from the media loop right after this returns.
     *
     * @param id             the session's id (also the offers' SDP session id)
     * @param participants   the live streams to receive at first
     * @param maxVideoTracks how many participants' video is forwarded at most (below 0: no limit)
     * @param dataSettings   the application's data channel settings when the session starts
     */
    public RoomPlaySession open(String room, String id, SessionListener listener, LocalTransport local,
                                List<String> participants, int maxVideoTracks, DataChannelSettings dataSettings,
                                Function<PeerTransportListener, PeerTransport> transports) {
        RoomViewerSession viewer = new RoomViewerSession(host, this, room, id, listener, local, participants,
                maxVideoTracks, dataSettings);
        viewer.attach(transports.apply(viewer));
        host.sessionOpened(viewer);
        host.onLoop(() -> {
            viewers.add(viewer);
            viewer.start();
        });
        return viewer;
    }

    /** Periodic work of every room viewer: timeouts, participants that ended or went live, bitrate reports. */
    public void tick(long now, long timeoutNanos, long bitrateIntervalNanos) {
        for (RoomViewerSession v : new ArrayList<>(viewers)) {
            v.tick(now, timeoutNanos, bitrateIntervalNanos);
        }
    }

    /** Ends every room viewer for {@code reason}. */
    public void endAll(EndReason reason) {
        for (RoomViewerSession v : new ArrayList<>(viewers)) {
            v.end(reason);
        }
    }

    /** A participant's message to every room viewer that receives it (its own room play does not). */
    public void relayFromParticipant(String participant, byte[] payload, boolean binary) {
        for (int i = 0; i < viewers.size(); i++) {
            RoomViewerSession viewer = viewers.get(i);
            if (viewer.receives(participant)) {
                viewer.sendData(payload, binary);
            }
        }
    }

    /** A message to every viewer of {@code room}; false when the room has none. */
    public boolean sendToRoom(String room, byte[] payload, boolean binary) {
        boolean any = false;
        for (int i = 0; i < viewers.size(); i++) {
            RoomViewerSession viewer = viewers.get(i);
            if (viewer.room().equals(room)) {
                viewer.sendData(payload, binary);
                any = true;
            }
        }
        return any;
    }

    /** A room viewer's message to the room's other viewers. */
    void relayToOthers(String room, RoomViewerSession except, byte[] payload, boolean binary) {
        for (int i = 0; i < viewers.size(); i++) {
            RoomViewerSession viewer = viewers.get(i);
            if (viewer != except && viewer.room().equals(room)) {
                viewer.sendData(payload, binary);
            }
        }
    }

    /** The viewer ended: it no longer receives anything, nor counts among the service's sessions. */
    void ended(RoomViewerSession viewer) {
        host.sessionEnded(viewer);
        viewers.remove(viewer);
    }
}
