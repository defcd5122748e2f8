package dev.osprey.media;

import dev.osprey.webrtc.rtp.SequenceUnwrapper;
import dev.osprey.webrtc.rtp.rtcp.TransportCcBuilder;

/**
 * Collects the transport-wide sequence numbers and arrival times of the publisher's packets and
 * emits transport-cc feedback, which drives Chromium's send-side bandwidth estimator (and with it
 * the encoder bitrate). Late, reordered packets that fall before the last reported one are
 * skipped. Not thread-safe; allocation-free.
 */
final class TransportCcFeedback {
    private static final int CAPACITY = 1024;

    private final TransportCcBuilder builder = new TransportCcBuilder(CAPACITY);
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private long lastAdded = -1;
    private long refusedExt;
    private int feedbackCount;
    private long packetsSent;

    /** Adds a packet; returns true when the builder was full and {@link #write} must be called first. */
    boolean add(int transportSeq, long arrivalNanos) {
        long ext = unwrapper.unwrap(transportSeq);
        if (ext <= lastAdded) {
            return false;
        }
        if (!builder.add(transportSeq, Math.floorDiv(arrivalNanos, 1000))) {
            refusedExt = ext;
            return true;
        }
        lastAdded = ext;
        return false;
    }

    /** Adds a packet after a flush forced by {@link #add} returning true. */
    void addAfterFlush(int transportSeq, long arrivalNanos) {
        builder.add(transportSeq, Math.floorDiv(arrivalNanos, 1000));
        lastAdded = refusedExt;
    }

    boolean isEmpty() {
        return builder.isEmpty();
    }

    /** Writes the pending feedback and starts a new packet; -1 when there is nothing to send. */
    int write(byte[] dst, int off, int senderSsrc, int mediaSsrc) {
        int len = builder.write(dst, off, senderSsrc, mediaSsrc, feedbackCount);
        builder.reset();
        if (len > 0) {
            feedbackCount = (feedbackCount + 1) & 0xFF;
            packetsSent++;
        }
        return len;
    }

    long packetsSent() {
        return packetsSent;
    }
}
