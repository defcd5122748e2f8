package dev.osprey.server.store;

/**
 * A one-time stream access token (Ant Media's Token object).
 *
 * @param expireDate epoch seconds
 * @param type       {@code publish} or {@code play}
 */
public record StreamToken(String tokenId, String streamId, long expireDate, String type, String roomId) {
}
