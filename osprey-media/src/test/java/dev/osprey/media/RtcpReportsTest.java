package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.Remb;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import dev.osprey.webrtc.rtp.rtcp.TransportCcReader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class RtcpReportsTest {
    private static final long NTP = 0xE000_0000_8000_0000L; // some second + 0.5 s

    private static byte[] senderReport(int ssrc, long ntp, int rtp) {
        byte[] b = new byte[28];
        SenderReport.write(b, 0, ssrc, ntp, rtp, 10, 1000, null, 0);
        return b;
    }

    /** The typed packets of an RTCP compound, as offsets into it. */
    private static List<int[]> packets(byte[] compound) {
        RtcpCompoundReader r = new RtcpCompoundReader();
        assertThat(r.wrap(compound, 0, compound.length)).isTrue();
        List<int[]> out = new ArrayList<>();
        while (r.next()) {
            out.add(new int[] {r.packetOffset(), r.packetLength(), r.packetType()});
        }
        return out;
    }

    @Test
    void viewersGetSenderReportsMappedFromThePublishersClocks() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(1, 90_000, VP8_KEY));
        f.send(audio(1, 48_000));
        byte[] vsr = senderReport(VIDEO_SSRC, NTP, 90_000);
        byte[] asr = senderReport(AUDIO_SSRC, NTP, 48_000);
        f.broadcast.onRtcp(vsr, 0, vsr.length);
        f.broadcast.onRtcp(asr, 0, asr.length);
        assertThat(f.broadcast.senderReportsReceived()).isEqualTo(2);

        f.advanceMillis(250);
        f.broadcast.tick();

        assertThat(sink.rtcp).hasSize(1);
        byte[] c = sink.rtcp.get(0);
        List<int[]> p = packets(c);
        assertThat(p).hasSize(2);
        long expectedNtp = NTP + (1L << 32) / 4;
        // audio (track 0): 1 packet of 4 payload bytes; 250 ms = 12,000 ticks at 48 kHz
        assertThat(SenderReport.ssrc(c, p.get(0)[0])).isEqualTo(0x1001);
        assertThat(SenderReport.ntpTimestamp(c, p.get(0)[0])).isEqualTo(expectedNtp);
        assertThat(SenderReport.rtpTimestamp(c, p.get(0)[0])).isEqualTo(48_000 + 12_000);
        assertThat(SenderReport.packetCount(c, p.get(0)[0])).isEqualTo(1);
        assertThat(SenderReport.octetCount(c, p.get(0)[0])).isEqualTo(4);
        // video: same NTP instant, 22,500 ticks at 90 kHz: both map to one timeline, so lip sync holds
        assertThat(SenderReport.ssrc(c, p.get(1)[0])).isEqualTo(0x2001);
        assertThat(SenderReport.ntpTimestamp(c, p.get(1)[0])).isEqualTo(expectedNtp);
        assertThat(SenderReport.rtpTimestamp(c, p.get(1)[0])).isEqualTo(90_000 + 22_500);
        assertThat(SenderReport.octetCount(c, p.get(1)[0])).isEqualTo(VP8_KEY.length);
    }

    @Test
    void senderReportFollowsTheRewrittenTimelineAfterARestart() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(1, 1000, VP8_KEY));
        f.advanceMillis(100);
        f.broadcast.restartSource(Fixture.publisher(0xCAFE0001, 0xCAFE0002, 0xCAFE0003, true, false));
        f.send(rtp(VIDEO_PT, 500, 7_000_000, 0xCAFE0002, 1, VP8_KEY));
        byte[] out = sink.last();
        int offset = ts(out) - 7_000_000;
        assertThat(ts(out)).isEqualTo(1000 + 9000);
        byte[] sr = senderReport(0xCAFE0002, NTP, 7_000_000);
        f.broadcast.onRtcp(sr, 0, sr.length);
        f.broadcast.tick();
        byte[] c = sink.rtcp.get(sink.rtcp.size() - 1);
        assertThat(SenderReport.ssrc(c, 0)).isEqualTo(0x2001);
        assertThat(SenderReport.rtpTimestamp(c, 0)).isEqualTo(7_000_000 + offset);
    }

    @Test
    void noSenderReportBeforeThePublisherSentOne() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(audio(1, 0));
        f.advanceMillis(2000);
        f.broadcast.tick();
        assertThat(sink.rtcp).isEmpty();
    }

    @Test
    void receiverReportToThePublisherCarriesLossSequenceJitterAndLsr() {
        Fixture f = new Fixture();
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 5) {
                f.send(audio(65530 + i, 960 * i)); // wraps past 65535
            }
            f.advanceMillis(20);
        }
        byte[] sr = senderReport(AUDIO_SSRC, NTP, 0);
        f.broadcast.onRtcp(sr, 0, sr.length);
        f.advanceMillis(500);
        f.toPublisher.clear();
        f.broadcast.tick();

        byte[] rr = f.toPublisher.stream().filter(p -> (p[1] & 0xFF) == Rtcp.PT_RR).findFirst().orElseThrow();
        assertThat(ReceiverReport.ssrc(rr, 0)).isEqualTo(BroadcastOptions.defaults().localSsrc());
        assertThat(ReceiverReport.reportCount(rr, 0)).isEqualTo(1);
        ReportBlock b = new ReportBlock().read(rr, ReceiverReport.reportBlockOffset(0, 0));
        assertThat(b.ssrc).isEqualTo(AUDIO_SSRC);
        assertThat(b.cumulativeLost).isEqualTo(2);
        assertThat(b.fractionLost).isEqualTo(2 * 256 / 10);
        assertThat(b.extendedHighestSequence).isEqualTo(65536 + 3);
        assertThat(b.jitter).as("perfectly paced packets").isZero();
        assertThat(b.lastSenderReport).isEqualTo(SenderReport.compactNtp(NTP));
        assertThat(b.delaySinceLastSenderReport).isEqualTo(65536 / 2);
    }

    @Test
    void rembIsSentWhenOnlyGoogRembIsNegotiatedAndRampsTowardsTheMaximum() {
        Fixture f = new Fixture(Fixture.publisher(AUDIO_SSRC, VIDEO_SSRC, VIDEO_RTX_SSRC, false, true),
                BroadcastOptions.defaults());
        byte[] big = new byte[1000];
        big[0] = 0x10;
        big[1] = 0x51;
        // ~1.6 Mbit/s of video: 200 packets of ~1 kB per second
        for (int i = 0; i < 200; i++) {
            f.send(video(i, 450 * i, big));
            f.advanceMillis(5);
        }
        f.broadcast.tick();
        byte[] c = f.toPublisher.stream().filter(p -> (p[1] & 0xFF) == Rtcp.PT_RR).findFirst().orElseThrow();
        List<int[]> p = packets(c);
        assertThat(p).hasSize(2);
        int at = p.get(1)[0];
        assertThat(Remb.isValid(c, at, p.get(1)[1])).isTrue();
        assertThat(Remb.ssrcCount(c, at)).isEqualTo(1);
        assertThat(Remb.ssrc(c, at, 0)).isEqualTo(VIDEO_SSRC);
        assertThat(Remb.bitrate(c, at)).isEqualTo(f.broadcast.lastRemb());
        assertThat(f.broadcast.lastRemb()).isEqualTo(2_500_000); // 1.5 x 1.6 M + 100 k, capped at 2.5 M
        assertThat(f.broadcast.transportCcFeedbackSent()).isZero();
    }

    @Test
    void rembStartsGenerouslyForASlowStart() {
        Fixture f = new Fixture(Fixture.publisher(AUDIO_SSRC, VIDEO_SSRC, VIDEO_RTX_SSRC, false, true),
                BroadcastOptions.defaults());
        f.send(video(1, 0, VP8_KEY));
        f.advanceMillis(100);
        f.broadcast.tick();
        assertThat(f.broadcast.lastRemb()).isEqualTo(1_000_000);
        assertThat(f.broadcast.rembsSent()).isEqualTo(1);
    }

    @Test
    void transportCcFeedbackReportsEveryPublisherPacketIncludingProbes() {
        Fixture f = new Fixture();
        f.send(rtp(VIDEO_PT, 1, 0, VIDEO_SSRC, 700, VP8_KEY));
        f.advanceMillis(5);
        f.send(rtp(AUDIO_PT, 1, 0, AUDIO_SSRC, 701, new byte[] {1}));
        f.advanceMillis(5);
        // 702 lost; 703 is a padding-only RTX probe
        f.send(rtp(VIDEO_RTX_PT, 9, 0, VIDEO_RTX_SSRC, 703, new byte[0]));
        f.advanceMillis(50);
        f.broadcast.tick();

        byte[] fb = f.toPublisher.stream().filter(p -> (p[1] & 0xFF) == Rtcp.PT_RTPFB && (p[0] & 0x1F) == 15)
                .findFirst().orElseThrow();
        TransportCcReader r = new TransportCcReader();
        assertThat(r.wrap(fb, 0, fb.length)).isTrue();
        assertThat(r.baseSequenceNumber()).isEqualTo(700);
        assertThat(r.packetStatusCount()).isEqualTo(4);
        List<String> seen = new ArrayList<>();
        long first = -1;
        while (r.next()) {
            if (r.received() && first < 0) {
                first = r.arrivalMicros();
            }
            seen.add(r.sequenceNumber() + ":" + (r.received() ? (r.arrivalMicros() - first) : "lost"));
        }
        assertThat(seen).containsExactly("700:0", "701:5000", "702:lost", "703:10000");
        assertThat(f.broadcast.transportCcFeedbackSent()).isEqualTo(1);
        assertThat(f.broadcast.rembsSent()).isZero();
        assertThat(f.broadcast.paddingOnly()).isEqualTo(1);
    }

    @Test
    void viewerRembAndReceiverReportsFeedItsFigures() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        byte[] c = new byte[100];
        ReportBlock block = new ReportBlock().set(0x2001, 64, 3, 100, 0, 0, 0);
        int len = ReceiverReport.write(c, 0, 0x2001, new ReportBlock[] {block}, 1);
        len += Remb.write(c, len, 0x2001, 1_234_000, new int[] {0x2001}, 1);
        sink.viewer.onRtcp(c, 0, len);
        assertThat(sink.viewer.fractionLost()).isEqualTo(64);
        assertThat(sink.viewer.targetBitrate()).isBetween(1_233_000L, 1_234_000L);
        assertThat(Arrays.stream(new long[] {sink.viewer.malformedRtcp()})).containsExactly(0L);
    }
}
