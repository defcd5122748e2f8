package dev.osprey.media.service.room;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;
import dev.osprey.media.service.MediaSession;
import dev.osprey.media.service.datachannel.DataChannelSession;
import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.webrtc.transport.PeerTransport;

/**
 * What room viewers need from the media service that runs them ({@link RoomViewers}): its media loop, its
 * live publishers, its leg wrappers, its data channel counting and listener, and its session count. Every
 * method but {@link #onLoop}, {@link #queueOnLoop} and {@link #sessionOpened} is called on the media loop.
 */
public interface RoomHost {

    /** Runs {@code task} on the media loop: at once when called there, else queued. */
    void onLoop(Runnable task);

    /** Queues {@code task} on the media loop behind everything already queued, even when called there. */
    void queueOnLoop(Runnable task);

    /** The live publisher of a stream, or null. */
    RoomParticipant livePublisher(String streamId);

    /** The sink a participant's broadcast sends to: {@code session}, wrapped as the service's configuration says. */
    MediaSink viewerSink(Broadcast broadcast, MediaSink session);

    /** The data channels of a room viewer's connection, counted with the service's. */
    DataChannelSession newDataChannelSession(PeerTransport transport, String label, boolean openChannel,
                                             long remoteMaxMessageSize, DataChannelSession.Events events);

    /** A message a room viewer sent, for the service's {@link DataMessageListener}. */
    void dataReceived(String room, byte[] payload, boolean binary, DataMessageListener.Sender from);

    /** A room viewer's session opened: one of the service's sessions until {@link #sessionEnded}. Any thread. */
    void sessionOpened(MediaSession session);

    /** A room viewer's session ended. */
    void sessionEnded(MediaSession session);
}
