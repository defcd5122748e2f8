package dev.osprey.media.service;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.CloseReason;
import dev.osprey.webrtc.transport.PeerTransportListener;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A test hook that loses RTP on purpose, to exercise NACK/RTX, keyframe recovery and frame assembly
 * against real peers: a share of the publishers' packets is dropped before the broadcast (media and
 * retransmissions alike, each on its own chance), and a share of every viewer's packets before SRTP.
 */
public final class LossyLegs implements LegWrappers {
    private final double publisherDropRate;
    private final double viewerDropRate;
    private final LongAdder publisherDrops = new LongAdder();
    private final LongAdder viewerDrops = new LongAdder();

    /** Drop rates in [0, 1). */
    public LossyLegs(double publisherDropRate, double viewerDropRate) {
        if (!(publisherDropRate >= 0 && publisherDropRate < 1 && viewerDropRate >= 0 && viewerDropRate < 1)) {
            throw new IllegalArgumentException("drop rates must be in [0, 1)");
        }
        this.publisherDropRate = publisherDropRate;
        this.viewerDropRate = viewerDropRate;
    }

    /** RTP packets dropped on publisher legs. */
    public long publisherDrops() {
        return publisherDrops.sum();
    }

    /** RTP packets dropped on viewer legs. */
    public long viewerDrops() {
        return viewerDrops.sum();
    }

    @Override
    public PeerTransportListener publisherLeg(String streamId, PeerTransportListener leg) {
        return publisherDropRate == 0 ? leg : new LossyPublisherLeg(leg);
    }

    @Override
    public MediaSink viewerLeg(Broadcast broadcast, MediaSink leg) {
        return viewerDropRate == 0 ? leg : new LossyViewerLeg(leg);
    }

    private final class LossyPublisherLeg implements PeerTransportListener {
        private final PeerTransportListener leg;
        private final SplittableRandom random = new SplittableRandom();

        LossyPublisherLeg(PeerTransportListener leg) {
            this.leg = leg;
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            if (random.nextDouble() < publisherDropRate) {
                publisherDrops.increment();
                return;
            }
            leg.onRtp(buf, off, len);
        }

        @Override
        public void onConnected(SrtpProfile profile) {
            leg.onConnected(profile);
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            leg.onRtcp(buf, off, len);
        }

        @Override
        public void onUnknownStream(boolean rtcp) {
            leg.onUnknownStream(rtcp);
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            leg.onApplicationData(buf, off, len);
        }

        @Override
        public void onClosed(CloseReason reason) {
            leg.onClosed(reason);
        }
    }

    private final class LossyViewerLeg extends DelegatingSink {
        private final SplittableRandom random = new SplittableRandom();

        LossyViewerLeg(MediaSink leg) {
            super(leg);
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            if (random.nextDouble() < viewerDropRate) {
                viewerDrops.increment();
                return;
            }
            leg.sendRtp(buf, off, len);
        }
    }
}
