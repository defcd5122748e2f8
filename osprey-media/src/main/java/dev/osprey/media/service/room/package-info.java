/**
 * Conference rooms: a room viewer receives many participants' streams on one peer connection
 * ({@link dev.osprey.media.service.room.RoomPlaySession}, opened by
 * {@link dev.osprey.media.service.MediaService#playRoom}).
 *
 * <p>{@link dev.osprey.media.service.room.RoomViewers} holds the service's room viewers and relays data
 * channel messages to them; the service is seen through {@link dev.osprey.media.service.room.RoomHost} and
 * its publishers through {@link dev.osprey.media.service.room.RoomParticipant}. A room viewer's session
 * ({@code RoomViewerSession}) keeps the lifecycle and the forwarding decisions and wires its parts:
 * {@code RoomSlots} (which participant sits in which pair of sections, {@code RoomSlot}), {@code RoomOffers}
 * (the offers, numbered from one {@code RoomPayloadTypes} table per connection and written by
 * {@code RoomPlayOffer}, and what their answers accepted) and {@code RoomDataChannel} (the channel, the
 * server's {@code RoomEvents}, message routing). {@code VideoSelection} picks who gets video
 * ({@link dev.osprey.media.service.room.VideoTrackAssignment}).
 *
 * <h2>Threading</h2>
 * Everything of a room viewer runs on its media loop: one {@code RoomViewers} (and {@code RoomHost}) per loop
 * of the service, every viewer of one room on the same loop. A participant published on another loop is
 * seen through a {@code RoomParticipant} whose broadcast is its mirror on the room's loop, and whose
 * messages are handed to the participant's loop, so nothing here ever touches another loop's state.
 * The {@code RoomPlaySession} methods may be called from
 * any thread: they never block, and the control calls take effect on the media loop in the order they were
 * made. {@link dev.osprey.media.service.room.RoomViewers#open} may be called from any thread; its other
 * methods, and every {@code RoomHost} method but {@code onLoop}, {@code queueOnLoop} and
 * {@code sessionOpened}, run on the media loop. {@code RoomParticipant} is read on the media loop only.
 */
package dev.osprey.media.service.room;
