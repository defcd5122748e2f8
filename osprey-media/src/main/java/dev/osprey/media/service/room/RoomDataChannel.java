package dev.osprey.media.service.room;

import dev.osprey.media.service.datachannel.DataChannelSession;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.webrtc.transport.PeerTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data channel part of a room viewer: its channels ({@link DataChannelSession}, created when an
 * answer accepts the offered section; the server opens one labelled with the room id, and channels the
 * page opens are accepted too), the server's events on them ({@link RoomEvents}), and where the viewer's
 * messages go ({@link DataChannelSettings.PlayerDistribution}). Media loop only.
 */
final class RoomDataChannel implements DataChannelSession.Events {
    private static final Logger LOG = LoggerFactory.getLogger(RoomDataChannel.class);

    private final RoomHost host;
    private final RoomViewers viewers;
    private final RoomViewerSession viewer;
    private final String room;
    private final String viewerId;
    private final DataChannelSettings.PlayerDistribution distribution;
    /** Created when an answer accepts the data channel section. */
    private DataChannelSession data;
    /** The state was sent once the channel to the viewer opened. */
    private boolean eventsAnnounced;
    /** The session ended: nothing more is sent or received. */
    private boolean closed;

    /**
     * @param viewers      the service's room viewers, to relay the viewer's messages to
     * @param viewer       the room viewer whose channel this is: its participants and video assignments are
     *                     announced, and its messages go to the participants' publishers
     * @param distribution where the viewer's messages go
     */
    RoomDataChannel(RoomHost host, RoomViewers viewers, RoomViewerSession viewer, String room, String viewerId,
                    DataChannelSettings.PlayerDistribution distribution) {
        this.host = host;
        this.viewers = viewers;
        this.viewer = viewer;
        this.room = room;
        this.viewerId = viewerId;
        this.distribution = distribution;
    }

    /**
     * An answer accepted the offered data channel section with the peer's {@code a=max-message-size}: the
     * association starts now if the transport is {@code connected}, else when it connects. Later answers
     * change nothing.
     */
    void accepted(PeerTransport transport, long maxMessageSize, boolean connected) {
        if (data != null) {
            return;
        }
        data = host.newDataChannelSession(transport, room, true, maxMessageSize, this);
        if (connected) {
            data.start();
        }
    }

    /** The transport connected: the association starts, when an answer accepted it. */
    void connected() {
        if (data != null) {
            data.start();
        }
    }

    /** One DTLS application data record from the viewer. */
    void onPacket(byte[] buf, int off, int len) {
        if (data != null && !closed) {
            data.onPacket(buf, off, len);
        }
    }

    /** Sends a participant's (or another room viewer's) message; a full queue drops it, counted. */
    void send(byte[] payload, boolean binary) {
        if (data != null && !closed) {
            data.send(payload, binary);
        }
    }

    /** Tells the viewer its participant list changed ({@code TRACK_LIST_UPDATED}), when the channel is open. */
    void announceParticipants() {
        sendEvent(RoomEvents.trackListUpdated(room, viewer.wantedParticipants()));
    }

    /** Tells the viewer who gets video ({@code VIDEO_TRACK_ASSIGNMENT_LIST}), when the channel is open. */
    void announceVideoAssignments() {
        sendEvent(RoomEvents.videoTrackAssignmentList(room, viewer.videoAssignments()));
    }

    /** The session ended: stops the association's timer; nothing is sent or received from now on. */
    void close() {
        closed = true;
        if (data != null) {
            data.close();
        }
    }

    @Override
    public void dataChannelOpened() {
        LOG.debug("{}: room viewer {} data channel open", room, viewerId);
        if (!eventsAnnounced && data != null && data.open()) {
            // The viewer learns the state it missed before the channel was up (once: the page may open channels too).
            eventsAnnounced = true;
            announceParticipants();
            announceVideoAssignments();
        }
    }

    /** A server event to the viewer, when its channel is open (else there is nobody to tell yet). */
    private void sendEvent(byte[] event) {
        if (data != null && data.open() && !closed) {
            data.send(event, false);
        }
    }

    /**
     * Ant Media's dataChannelPlayerDistribution for a room: all = the participants' publishers and the
     * room's other viewers, publisher = the participants' publishers, none = dropped.
     */
    @Override
    public void dataMessage(byte[] payload, boolean binary) {
        if (closed) {
            return;
        }
        host.dataReceived(room, payload, binary, DataMessageListener.Sender.PLAYER);
        if (distribution == DataChannelSettings.PlayerDistribution.NONE) {
            return;
        }
        for (String participant : viewer.wantedParticipants()) {
            RoomParticipant publisher = host.livePublisher(participant);
            if (publisher != null) {
                publisher.sendData(payload, binary);
            }
        }
        if (distribution == DataChannelSettings.PlayerDistribution.ALL) {
            viewers.relayToOthers(room, viewer, payload, binary);
        }
    }
}
