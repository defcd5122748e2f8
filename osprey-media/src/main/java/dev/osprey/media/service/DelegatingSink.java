package dev.osprey.media.service;

import dev.osprey.media.MediaSink;

/** A viewer's sink wrapped by a {@link LegWrappers} hook: everything goes to the wrapped sink unless overridden. */
abstract class DelegatingSink implements MediaSink {
    final MediaSink leg;

    DelegatingSink(MediaSink leg) {
        this.leg = leg;
    }

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        leg.sendRtp(buf, off, len);
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        leg.sendRtcp(buf, off, len);
    }

    @Override
    public int nextTransportSequenceNumber() {
        return leg.nextTransportSequenceNumber();
    }
}
