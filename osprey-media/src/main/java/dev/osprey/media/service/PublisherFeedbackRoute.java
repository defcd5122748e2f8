package dev.osprey.media.service;

import dev.osprey.media.PublisherFeedback;

/**
 * Where a broadcast's feedback (PLI, NACK, RR, REMB, transport-cc) goes: the transport of whichever
 * publisher feeds the broadcast now. A publisher that reconnects takes over the broadcast of the one
 * whose media stopped ({@link StreamTakeover}), and the feedback follows it. Media loop only.
 */
final class PublisherFeedbackRoute implements PublisherFeedback {

    private PublisherFeedback target;

    PublisherFeedbackRoute(PublisherFeedback target) {
        this.target = target;
    }

    void target(PublisherFeedback target) {
        this.target = target;
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        target.sendRtcp(buf, off, len);
    }
}
