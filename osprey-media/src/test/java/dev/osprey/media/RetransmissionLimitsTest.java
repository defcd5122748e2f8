package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A viewer's NACKs cannot make the server send more than the stream: once per round trip, within a budget. */
class RetransmissionLimitsTest {
    private static final int VIEWER_VIDEO_SSRC = 0x2001;
    private static final int VIEWER_RTX_PT = 101;
    private static final long MS = 1_000_000L;

    /** What reached the viewer's transport, and when. */
    private static final class TimedSink implements MediaSink {
        final Fixture fixture;
        final List<byte[]> media = new ArrayList<>();
        final List<byte[]> retransmissions = new ArrayList<>();
        final List<Long> retransmissionTimes = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();
        long mediaBytes;
        long retransmittedBytes;
        int transportSeq;

        TimedSink(Fixture fixture) {
            this.fixture = fixture;
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            byte[] p = Arrays.copyOfRange(buf, off, off + len);
            if (pt(p) == VIEWER_RTX_PT) {
                retransmissions.add(p);
                retransmissionTimes.add(fixture.now);
                retransmittedBytes += len;
            } else {
                media.add(p);
                mediaBytes += len;
            }
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            rtcp.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public int nextTransportSequenceNumber() {
            return transportSeq++;
        }

        /** The viewer's sequence number each retransmission repairs. */
        int repairedSequence(int i) {
            byte[] p = retransmissions.get(i);
            RtpPacket view = new RtpPacket();
            assertThat(view.wrap(p, 0, p.length)).isTrue();
            return Rtx.originalSequenceNumber(view);
        }
    }

    private final Fixture f = new Fixture();
    private final TimedSink sink = new TimedSink(f);
    private final Viewer viewer = f.broadcast.addViewer("viewer", viewer(1, true), sink);

    /** A keyframe, then {@code count - 1} delta packets of about 1,000 bytes, one per millisecond. */
    private void forward(int firstSeq, int count) {
        byte[] payload = new byte[1000];
        payload[0] = 0x10;
        payload[1] = 0x51;
        for (int i = 0; i < count; i++) {
            int seq = firstSeq + i;
            f.send(seq == 1 ? video(seq, 0, VP8_KEY) : video(seq, 3000 * (seq / 10), payload));
            f.advanceMillis(1);
        }
    }

    private void nack(int... viewerSequences) {
        byte[] b = new byte[16 + 4 * viewerSequences.length];
        int len = Nack.write(b, 0, VIEWER_VIDEO_SSRC, VIEWER_VIDEO_SSRC, viewerSequences, 0, viewerSequences.length);
        viewer.onRtcp(b, 0, len);
    }

    /** {@code count} viewer sequence numbers from the {@code first}-th forwarded packet on. */
    private int[] forwardedRange(int first, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = seq(sink.media.get(first + i));
        }
        return out;
    }

    @Test
    void aThousandIdenticalNacksWithinARoundTripRetransmitEachPacketOnce() {
        forward(1, 100);
        int[] lost = forwardedRange(50, 17);
        for (int i = 0; i < 1000; i++) {
            nack(lost);
        }
        assertThat(sink.retransmissions).hasSize(17);
        assertThat(viewer.retransmissionsRepeated()).isEqualTo(999 * 17);

        f.advanceMillis(99);
        nack(lost);
        assertThat(sink.retransmissions).as("still within the default 100 ms round trip").hasSize(17);

        f.advanceMillis(1);
        nack(lost);
        assertThat(sink.retransmissions).as("a round trip later the viewer may ask again").hasSize(34);
    }

    @Test
    void aFloodOfNacksStaysWithinTheBudgetAndEachPacketGoesOutAtMostOncePerRoundTrip() {
        forward(1, 600);
        long forwarded = sink.mediaBytes;

        // 1,000 NACKs of 17 sequence numbers each, going round 68 packets, in 300 ms.
        for (int i = 0; i < 1000; i++) {
            nack(forwardedRange(100 + (i % 4) * 17, 17));
            f.now += 300_000L;
        }

        long budget = RetransmissionBudget.BURST_BYTES + forwarded / RetransmissionBudget.REFILL_DIVISOR;
        assertThat(sink.retransmittedBytes).isPositive().isLessThanOrEqualTo(budget);
        assertThat(viewer.retransmittedBytes()).isEqualTo(sink.retransmittedBytes);
        assertThat(viewer.retransmissionsOverBudget()).isPositive();
        assertThat(viewer.retransmissionsRepeated()).isPositive();
        assertThat(sink.retransmittedBytes).as("17,000 requests for 1 kB packets would be 17 MB unbounded")
                .isLessThan(17_000L * 1000 / 30);
        Map<Integer, Long> lastSent = new HashMap<>();
        for (int i = 0; i < sink.retransmissions.size(); i++) {
            long at = sink.retransmissionTimes.get(i);
            Long before = lastSent.put(sink.repairedSequence(i), at);
            if (before != null) {
                assertThat(at - before).isGreaterThanOrEqualTo(RoundTripEstimate.DEFAULT_NANOS);
            }
        }
    }

    @Test
    void aLossAfterTheBudgetWasSpentIsRepairedOnceMoreMediaFlowed() {
        forward(1, 600);
        for (int i = 0; i < 1000; i++) {
            nack(forwardedRange((i * 17) % (600 - 17), 17));
            f.now += 300_000L;
        }
        assertThat(viewer.retransmissionsOverBudget()).isPositive();

        forward(601, 100); // 100 kB forwarded refills 50 kB
        int before = sink.retransmissions.size();
        int lost = seq(sink.media.get(650));
        nack(lost);

        assertThat(sink.retransmissions).hasSize(before + 1);
        assertThat(sink.repairedSequence(before)).isEqualTo(lost);
    }

    @Test
    void theRoundTripFromTheViewersReceiverReportsPacesRetransmissions() {
        forward(1, 100);
        byte[] sr = new byte[28];
        SenderReport.write(sr, 0, VIDEO_SSRC, 0xE000_0000_8000_0000L, 0, 10, 1000, null, 0);
        f.broadcast.onRtcp(sr, 0, sr.length);
        f.advanceMillis(1000);
        f.broadcast.tick();
        assertThat(sink.rtcp).hasSize(1);
        byte[] ours = sink.rtcp.get(0); // only video is flowing: one SR
        assertThat(SenderReport.ssrc(ours, 0)).isEqualTo(VIEWER_VIDEO_SSRC);
        int lastSenderReport = (int) (SenderReport.ntpTimestamp(ours, 0) >>> 16);

        // The viewer held our SR 20 ms and answers 320 ms after it left: a 300 ms round trip.
        f.advanceMillis(320);
        byte[] rr = new byte[8 + ReportBlock.LENGTH];
        ReportBlock block = new ReportBlock().set(VIEWER_VIDEO_SSRC, 0, 0, 0, 0, lastSenderReport, 65_536 / 50);
        int len = ReceiverReport.write(rr, 0, 0x77, new ReportBlock[] {block}, 1);
        viewer.onRtcp(rr, 0, len);
        assertThat(viewer.roundTripNanos()).isBetween(299 * MS, 301 * MS);

        f.send(video(101, 30_000, VP8_MIDDLE)); // keeps what is NACKed within the cache's age limit
        int lost = seq(sink.media.get(sink.media.size() - 1));
        nack(lost);
        f.advanceMillis(200);
        nack(lost);
        assertThat(sink.retransmissions).as("200 ms is less than the measured round trip").hasSize(1);
        f.advanceMillis(101);
        nack(lost);
        assertThat(sink.retransmissions).hasSize(2);
    }
}
