package dev.osprey.loadtest.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A viewer asks for missing packets at once and reports reception every interval, like a player. */
class ViewerFeedbackTest {
    private static final int SSRC = 0x55667788;

    private final RunStats stats = new RunStats();
    private final List<byte[]> sent = new ArrayList<>();
    private final ViewerMedia viewer;

    ViewerFeedbackTest() {
        int[] clock = new int[128];
        clock[100] = 90_000;
        viewer = new ViewerMedia(stats, null, clock, new boolean[128]);
        viewer.feedbackTo((buf, off, len) -> sent.add(Arrays.copyOfRange(buf, off, off + len)));
    }

    private void receive(int seq) {
        byte[] rtp = new byte[112];
        rtp[0] = (byte) 0x80;
        rtp[1] = 100;
        rtp[2] = (byte) (seq >>> 8);
        rtp[3] = (byte) seq;
        rtp[8] = 0x55;
        rtp[9] = 0x66;
        rtp[10] = 0x77;
        rtp[11] = (byte) 0x88;
        viewer.onRtp(rtp, 0, rtp.length);
    }

    @Test
    void aSequenceGapIsNackedAtOnce() {
        receive(65534);
        receive(65535);
        receive(2); // 0 and 1 missing across the wrap
        assertThat(sent).hasSize(1);
        byte[] nack = sent.get(0);
        assertThat(Nack.isValid(nack, 0, nack.length)).isTrue();
        assertThat(Nack.mediaSsrc(nack, 0)).isEqualTo(SSRC);
        int[] lost = new int[8];
        assertThat(Nack.lostSequenceNumbers(nack, 0, nack.length, lost, 0)).isEqualTo(2);
        assertThat(Arrays.copyOf(lost, 2)).containsExactly(0, 1);
        assertThat(stats.nacksSent.sum()).isEqualTo(1);
        receive(1); // the retransmission: no new request
        receive(3);
        assertThat(sent).hasSize(1);
    }

    @Test
    void receiverReportCarriesLossAndHighestSequence() {
        for (int seq = 10; seq < 20; seq++) {
            if (seq != 15) {
                receive(seq);
            }
        }
        sent.clear();
        viewer.sendReport();
        assertThat(sent).hasSize(1);
        byte[] report = sent.get(0);
        RtcpCompoundReader reader = new RtcpCompoundReader();
        assertThat(reader.wrap(report, 0, report.length)).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(Rtcp.PT_RR);
        assertThat(ReceiverReport.reportCount(report, 0)).isEqualTo(1);
        ReportBlock block = new ReportBlock().read(report, ReceiverReport.reportBlockOffset(0, 0));
        assertThat(block.ssrc).isEqualTo(SSRC);
        assertThat(block.cumulativeLost).isEqualTo(1);
        assertThat(block.fractionLost).isEqualTo(256 / 10);
        assertThat(block.extendedHighestSequence).isEqualTo(19);
        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(Rtcp.PT_SDES);
        assertThat(stats.reportsSent.sum()).isEqualTo(1);
        // The next interval had no loss.
        receive(20);
        sent.clear();
        viewer.sendReport();
        assertThat(new ReportBlock().read(sent.get(0), ReceiverReport.reportBlockOffset(0, 0)).fractionLost).isZero();
    }
}
