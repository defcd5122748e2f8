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
}
