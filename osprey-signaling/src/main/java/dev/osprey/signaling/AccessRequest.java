package dev.osprey.signaling;

/**
 * What a connection asks for and the credentials it presented, as the SDK sends them.
 *
 * @param kind           publish, play or joinRoom
 * @param streamId       the stream published or played; for {@code joinRoom} the member's id (may be null)
 * @param roomId         the room (main track) the stream belongs to or the room joined, else null
 * @param token          a one-time, JWT or hash token, else null
 * @param subscriberId   the TOTP subscriber, else null
 * @param subscriberCode the subscriber's TOTP code, else null
 * @param clientAddress  the client's IP address, without port
 * @param streamName     the stream's name (publish), else null
 * @param metaData       the client's free-text metadata, else null
 */
public record AccessRequest(Kind kind, String streamId, String roomId, String token, String subscriberId,
                            String subscriberCode, String clientAddress, String streamName, String metaData) {

    /** What is asked for; {@link #protocolName()} is Ant Media's name of it ({@code publish}, {@code play}). */
    public enum Kind {
        PUBLISH("publish"), PLAY("play"), JOIN_ROOM("joinRoom");

        private final String protocolName;

        Kind(String protocolName) {
            this.protocolName = protocolName;
        }

        public String protocolName() {
            return protocolName;
        }
    }
}
