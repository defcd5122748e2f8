package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.media.Broadcast;
import dev.osprey.media.BroadcastOptions;
import dev.osprey.media.MediaClock;
import dev.osprey.media.MediaSink;
import dev.osprey.media.MediaSource;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.webrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class ForwardingLatencyProbeTest {
    private static final MediaSource NO_FEEDBACK = new MediaSource() {
        @Override
        public void requestKeyframe(int track) {
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        @Override
        public void bitrateHint(long bitsPerSecond) {
        }
    };

    @Test
    void eachForwardedPacketIsTimedFromItsArrivalAtTheBroadcast() {
        Broadcast broadcast = new Broadcast("s", new SourceDescription(
                List.of(TrackDescription.audio("opus", 111, 48_000, 0xA0)), Map.of(), false, false),
                NO_FEEDBACK, Runnable::run, MediaClock.system(), BroadcastOptions.defaults());
        int[] sent = new int[1];
        MediaSink viewer = new MediaSink() {
            @Override
            public void sendRtp(byte[] buf, int off, int len) {
                sent[0]++;
            }

            @Override
            public void sendRtcp(byte[] buf, int off, int len) {
            }

            @Override
            public int nextTransportSequenceNumber() {
                return 0;
            }
        };
        ForwardingLatencyProbe probe = new ForwardingLatencyProbe();
        broadcast.addViewer("v", new ViewerDescription(List.of(new ViewerTrackDescription(0, 111, 0x1111, 0, -1)),
                Map.of()), probe.viewerLeg(broadcast, viewer));

        for (int i = 0; i < 3; i++) {
            byte[] packet = new byte[20];
            RtpPacket.writeHeader(packet, 0, false, 111, i, 960 * i, 0xA0);
            long arrivedMillisAgo = 2 + 6 * i; // 2, 8 and 14 ms in the server before the viewer's copy leaves
            broadcast.onRtp(packet, 0, packet.length, System.nanoTime() - arrivedMillisAgo * 1_000_000);
        }

        assertThat(sent[0]).isEqualTo(3);
        assertThat(probe.histogram().count()).isEqualTo(3);
        // each on its own, whatever the forwarding itself took (the first packet pays for loading the code)
        assertThat(probe.histogram().percentileMicros(0.33)).isBetween(2_000, 7_999);
        assertThat(probe.histogram().percentileMicros(0.66)).isBetween(8_000, 13_999);
        assertThat(probe.histogram().percentileMicros(1.0)).isBetween(14_000, 19_999);
    }
}
