package dev.osprey.media.service.room;

/**
 * One participant whose video a room viewer receives right now. Osprey gives every participant its own
 * video section (track id {@code ARDAMSv<participant>}), so the participant id is both Ant Media's
 * {@code videoLabel} (the section's track label without the prefix) and its {@code trackId}.
 *
 * @param participant the participant's stream id
 * @param pinned      the viewer pinned it ({@code assignVideoTrackCommand}); Ant Media's {@code reserved}
 */
public record VideoTrackAssignment(String participant, boolean pinned) {
}
