package dev.osprey.loadtest.media;

/** One encoded video frame (VP8 frame or H.264 access unit in Annex-B) or one Opus packet. */
public record EncodedFrame(byte[] data, boolean keyframe) {
}
