package dev.osprey.server.tap;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.Tap;
import dev.osprey.media.TapControl;
import dev.osprey.webrtc.rtp.RtpPacket;

/**
 * Loss that no retransmission repairs, as a tap sees it: a share of the video sequence numbers never
 * reaches the wrapped tap, retransmissions of them included (the choice depends on the sequence number
 * only). Everything else passes unchanged.
 */
final class LossyTap implements Tap {
    private final Tap tap;
    private final int threshold;
    private boolean[] video = new boolean[0];
    private long dropped;

    LossyTap(Tap tap, double rate) {
        this.tap = tap;
        this.threshold = (int) (rate * 65_536);
    }

    long dropped() {
        return dropped;
    }

    private void describe(SourceDescription source) {
        video = new boolean[source.tracks().size()];
        for (int i = 0; i < video.length; i++) {
            video[i] = source.tracks().get(i).kind() == MediaKind.VIDEO;
        }
    }

    @Override
    public void onStart(SourceDescription source, TapControl control) {
        describe(source);
        tap.onStart(source, control);
    }

    @Override
    public void onSourceChanged(SourceDescription source) {
        describe(source);
        tap.onSourceChanged(source);
    }

    @Override
    public void onRtp(int track, RtpPacket packet, long arrivalNanos) {
        int hash = (packet.sequenceNumber() * 0x9E37_79B1) >>> 16;
        if (track < video.length && video[track] && hash < threshold) {
            dropped++;
            return;
        }
        tap.onRtp(track, packet, arrivalNanos);
    }

    @Override
    public void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos) {
        tap.onSenderReport(track, ntpTimestamp, rtpTimestamp, arrivalNanos);
    }

    @Override
    public void onGap(long lost) {
        tap.onGap(lost);
    }

    @Override
    public void onTick(long nowNanos) {
        tap.onTick(nowNanos);
    }

    @Override
    public void onClose() {
        tap.onClose();
    }
}
