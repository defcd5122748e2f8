package dev.osprey.media.service.datachannel;

/**
 * The data channel figures of one {@link dev.osprey.media.service.MediaService}, counted by every session's
 * {@link DataChannelSession} on the media loop and read, approximately, from any thread through
 * {@link #snapshot()}.
 */
public final class DataChannelCounters {
    private volatile long messagesReceived;
    private volatile long bytesReceived;
    private volatile long messagesRelayed;
    private volatile long bytesRelayed;
    private volatile long messagesDropped;
    private volatile long bytesDropped;

    /** A message from a peer; media loop. */
    void received(int bytes) {
        messagesReceived++;
        bytesReceived += bytes;
    }

    /** A copy handed to a receiver's association; media loop. */
    void relayed(int bytes) {
        messagesRelayed++;
        bytesRelayed += bytes;
    }

    /** A copy a receiver did not get (queue full, no open channel); media loop. */
    void dropped(int bytes) {
        messagesDropped++;
        bytesDropped += bytes;
    }

    /** The figures so far; any thread. */
    public DataChannelStats snapshot() {
        return new DataChannelStats(messagesReceived, bytesReceived, messagesRelayed, bytesRelayed,
                messagesDropped, bytesDropped);
    }
}
