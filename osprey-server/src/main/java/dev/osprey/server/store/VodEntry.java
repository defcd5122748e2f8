package dev.osprey.server.store;

/**
 * A video-on-demand file record (Ant Media's VoD object, main fields).
 *
 * @param creationDate    when the entry was made, ms since the epoch
 * @param startTime       when the recording started (ms since the epoch), 0 for an upload
 * @param duration        length in ms
 * @param fileSize        bytes
 * @param filePath        path of the file relative to the application's VoD folder
 * @param type            {@link #STREAM_VOD} (a recording), {@link #UPLOADED_VOD} or {@link #USER_VOD}
 * @param previewFilePath path of a preview image relative to the VoD folder, or null
 */
public record VodEntry(String vodId, String vodName, String streamId, String streamName, long creationDate,
                       long startTime, long duration, long fileSize, String filePath, String type,
                       String previewFilePath) {

    public static final String STREAM_VOD = "streamVod";
    public static final String UPLOADED_VOD = "uploadedVod";
    public static final String USER_VOD = "userVod";
}
