package dev.osprey.media.service;

import dev.osprey.media.MediaSource;

/**
 * The source of a publisher's broadcast as the broadcast sees it: whichever publisher feeds the broadcast
 * now. A publisher that reconnects takes over the broadcast of the one whose media stopped
 * ({@link StreamTakeover}), and keyframe requests and feedback follow it. Media loop only.
 */
final class PublisherRoute implements MediaSource {

    private MediaSource target;

    PublisherRoute(MediaSource target) {
        this.target = target;
    }

    void target(MediaSource target) {
        this.target = target;
    }

    @Override
    public void requestKeyframe(int track) {
        target.requestKeyframe(track);
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        target.sendRtcp(buf, off, len);
    }

    @Override
    public void bitrateHint(long bitsPerSecond) {
        target.bitrateHint(bitsPerSecond);
    }
}
