package dev.osprey.signaling.protocol;

import java.util.List;

/**
 * The part of Ant Media's {@code Broadcast} REST object the signalling knows, written by
 * {@link Messages#broadcast(BroadcastInfo)}.
 *
 * @param status            Ant Media status: {@code "created"}, {@code "preparing"} or {@code "broadcasting"}
 * @param date              creation time, epoch milliseconds
 * @param startTime         when media started flowing, epoch milliseconds; 0 while not live
 * @param mainTrackStreamId the room (main track) this stream belongs to, "" when none
 * @param subTrackStreamIds for a room, the ids of its participants' streams
 */
public record BroadcastInfo(String streamId, String status, String name, long date, long startTime, String metaData,
                            String role, String mainTrackStreamId, List<String> subTrackStreamIds,
                            int webRTCViewerCount) {
}
