package dev.osprey.webrtc.sctp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's {@link SctpListener}, called so that what it throws is logged and goes no further: a callback runs
 * in the middle of packet processing, and an exception escaping there would leave the association half-updated.
 */
final class GuardedListener {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
    private final SctpListener listener;

    GuardedListener(SctpListener listener) {
        this.listener = listener;
    }

    void established() {
        try {
            listener.onEstablished();
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onEstablished", e);
        }
    }

    void message(int streamId, int ppid, byte[] data) {
        try {
            listener.onMessage(streamId, ppid, data);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onMessage", e);
        }
    }

    void incomingStreamsReset(int[] streamIds) {
        try {
            listener.onIncomingStreamsReset(streamIds);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onIncomingStreamsReset", e);
        }
    }

    void outgoingStreamsReset(int[] streamIds) {
        try {
            listener.onOutgoingStreamsReset(streamIds);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onOutgoingStreamsReset", e);
        }
    }

    void closed(CloseCause cause, String detail) {
        try {
            listener.onClosed(cause, detail);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onClosed", e);
        }
    }
}
