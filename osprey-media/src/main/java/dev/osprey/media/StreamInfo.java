package dev.osprey.media;

/**
 * What {@code getStreamInfo} reports about a broadcast: picture size from the last keyframe
 * (0 until one arrived), incoming bitrates over the last second, and the video codec name
 * ({@code null} without video).
 */
public record StreamInfo(int width, int height, long videoBitrate, long audioBitrate, String videoCodec) {
}
