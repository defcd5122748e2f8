package dev.osprey.signaling.protocol;

/** One entry of {@code streamList} in {@code joinedTheRoom} and {@code roomInformation}. */
public record RoomStream(String streamId, String streamName, String metaData) {
}
