package dev.osprey.signaling.media;

/**
 * One entry of {@code streamInformation.streamInfo}: the picture size (0 until known), the incoming
 * bitrates in bit/s and the video codec name (null without video).
 */
public record StreamDetails(int width, int height, long videoBitrate, long audioBitrate, String videoCodec) {
}
