package dev.osprey.media.service.datachannel;

/**
 * Data channel figures of one {@link dev.osprey.media.service.MediaService} since it started.
 *
 * @param messagesReceived messages received from publishers and players
 * @param bytesReceived    their payload bytes
 * @param messagesRelayed  copies handed to a receiver's SCTP association (one per receiver)
 * @param bytesRelayed     their payload bytes
 * @param messagesDropped  copies not sent because the receiver's bounded send queue was full (a slow
 *                         peer) or its channel was not open
 * @param bytesDropped     their payload bytes
 */
public record DataChannelStats(long messagesReceived, long bytesReceived, long messagesRelayed, long bytesRelayed,
                               long messagesDropped, long bytesDropped) {
    /** No messages at all. */
    public static final DataChannelStats NONE = new DataChannelStats(0, 0, 0, 0, 0, 0);

    /** These figures and {@code other}'s together. */
    public DataChannelStats plus(DataChannelStats other) {
        return new DataChannelStats(messagesReceived + other.messagesReceived, bytesReceived + other.bytesReceived,
                messagesRelayed + other.messagesRelayed, bytesRelayed + other.bytesRelayed,
                messagesDropped + other.messagesDropped, bytesDropped + other.bytesDropped);
    }
}
