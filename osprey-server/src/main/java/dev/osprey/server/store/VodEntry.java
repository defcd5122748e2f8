package dev.osprey.server.store;

/**
 * A video-on-demand file record (Ant Media's VoD object, main fields).
 *
 * @param type {@code streamVod} (a recording), {@code uploadedVod} or {@code userVod}
 */
public record VodEntry(String vodId, String vodName, String streamId, String streamName, long creationDate,
                       long startTime, long duration, long fileSize, String filePath, String type) {
}
