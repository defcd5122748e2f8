package dev.osprey.signaling.media;

/**
 * One participant whose video a room viewer receives ({@code videoTrackAssignmentList}). Each
 * participant has its own video section in Osprey, so its stream id serves as Ant Media's
 * {@code videoLabel} and {@code trackId} alike.
 *
 * @param streamId the participant's stream id
 * @param pinned   pinned by {@code assignVideoTrackCommand} (Ant Media's {@code reserved})
 */
public record VideoAssignment(String streamId, boolean pinned) {
}
