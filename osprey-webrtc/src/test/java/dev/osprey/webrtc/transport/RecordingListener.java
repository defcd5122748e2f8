package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.srtp.SrtpProfile;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Records a transport's events, with copies of the packets it delivered. */
final class RecordingListener implements PeerTransportListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
    final AtomicLong unknownStreamRtp = new AtomicLong();

    @Override
    public void onConnected(SrtpProfile profile) {
        events.add("connected " + profile);
    }

    @Override
    public void onRtp(byte[] buf, int off, int len) {
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len) {
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onUnknownStream(boolean rtcp) {
        if (!rtcp) {
            unknownStreamRtp.incrementAndGet();
        }
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        applicationData.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onClosed(CloseReason reason) {
        events.add("closed " + reason);
    }
}
