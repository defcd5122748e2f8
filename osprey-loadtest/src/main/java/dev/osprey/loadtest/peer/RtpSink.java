package dev.osprey.loadtest.peer;

/** Where a publisher's RTP goes: an SRTP transport, or plain UDP to a Janus RTP mountpoint. */
@FunctionalInterface
public interface RtpSink {
    /** Sends {@code buf[off, off+len)}; the buffer has SRTP trailer room after it. */
    boolean send(byte[] buf, int off, int len);
}
