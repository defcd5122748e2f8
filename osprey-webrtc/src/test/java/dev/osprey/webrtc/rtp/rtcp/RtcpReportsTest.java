package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** SR, RR, SDES and BYE against hand-assembled RFC 3550 layouts, both directions. */
public class RtcpReportsTest {
    public static final String SR = """
            81 c8 00 0c  11 22 33 44
            e1 23 45 67  89 ab cd ef
            00 01 00 00  00 00 00 0a  00 00 03 e8
            55 66 77 88  40 ff ff fe  00 01 00 05  00 00 00 20  45 67 89 ab  00 01 80 00""";
    public static final String RR_EMPTY = "80 c9 00 01 11 22 33 44";
    public static final String SDES_CNAME = "81 ca 00 03 11 22 33 44 01 03 61 62 63 00 00 00";
    public static final String BYE = "81 cb 00 02 11 22 33 44 03 62 79 65";

    private final byte[] out = new byte[256];

    @Test
    void parsesSenderReportWithBlock() {
        byte[] buf = Hex.bytes(SR);
        assertThat(SenderReport.isValid(buf, 0, buf.length)).isTrue();
        assertThat(SenderReport.ssrc(buf, 0)).isEqualTo(0x11223344);
        assertThat(SenderReport.ntpTimestamp(buf, 0)).isEqualTo(0xE123456789ABCDEFL);
        assertThat(SenderReport.compactNtp(SenderReport.ntpTimestamp(buf, 0))).isEqualTo(0x456789AB);
        assertThat(SenderReport.rtpTimestamp(buf, 0)).isEqualTo(65536);
        assertThat(SenderReport.packetCount(buf, 0)).isEqualTo(10);
        assertThat(SenderReport.octetCount(buf, 0)).isEqualTo(1000);
        assertThat(SenderReport.reportCount(buf, 0)).isEqualTo(1);
        ReportBlock block = new ReportBlock().read(buf, SenderReport.reportBlockOffset(0, 0));
        assertThat(block.ssrc).isEqualTo(0x55667788);
        assertThat(block.fractionLost).isEqualTo(64);
        assertThat(block.cumulativeLost).isEqualTo(-2);
        assertThat(block.extendedHighestSequence).isEqualTo(65541);
        assertThat(block.jitter).isEqualTo(32);
        assertThat(block.lastSenderReport).isEqualTo(0x456789AB);
        assertThat(block.delaySinceLastSenderReport).isEqualTo(0x18000);
    }

    @Test
    void buildsSenderReportByteForByte() {
        ReportBlock[] blocks = {new ReportBlock().set(0x55667788, 64, -2, 65541, 32, 0x456789AB, 0x18000)};
        int len = SenderReport.write(out, 4, 0x11223344, 0xE123456789ABCDEFL, 65536, 10, 1000, blocks, 1);
        assertThat(len).isEqualTo(52);
        assertThat(Hex.of(out, 4, len)).isEqualTo(Hex.of(Hex.bytes(SR), 0, 52));
        assertThat(SenderReport.write(out, 0, 1, 2, 3, 4, 5, blocks, 1)).isEqualTo(52);
        assertThat(SenderReport.write(new byte[51], 0, 1, 2, 3, 4, 5, blocks, 1)).isEqualTo(-1);
    }

    @Test
    void senderReportWithMissingBlockIsInvalid() {
        byte[] buf = Hex.bytes(SR);
        buf[0] = (byte) 0x82; // claims two blocks
        assertThat(SenderReport.isValid(buf, 0, buf.length)).isFalse();
        assertThat(SenderReport.isValid(buf, 0, 27)).isFalse();
        assertThat(ReceiverReport.isValid(Hex.bytes(SR), 0, 52)).as("wrong type").isFalse();
    }

    @Test
    void cumulativeLossIsClampedTo24Bits() {
        new ReportBlock().set(1, 0, 10_000_000, 0, 0, 0, 0).write(out, 0);
        assertThat(new ReportBlock().read(out, 0).cumulativeLost).isEqualTo(0x7FFFFF);
        new ReportBlock().set(1, 0, -10_000_000, 0, 0, 0, 0).write(out, 0);
        assertThat(new ReportBlock().read(out, 0).cumulativeLost).isEqualTo(-0x800000);
    }

    @Test
    void receiverReportRoundTrip() {
        byte[] buf = Hex.bytes(RR_EMPTY);
        assertThat(ReceiverReport.isValid(buf, 0, 8)).isTrue();
        assertThat(ReceiverReport.ssrc(buf, 0)).isEqualTo(0x11223344);
        assertThat(ReceiverReport.reportCount(buf, 0)).isZero();
        assertThat(Hex.of(out, 0, ReceiverReport.write(out, 0, 0x11223344, new ReportBlock[0], 0))).isEqualTo(Hex.of(buf, 0, 8));

        ReportBlock[] two = {new ReportBlock().set(7, 1, 2, 3, 4, 5, 6), new ReportBlock().set(8, 9, 10, 11, 12, 13, 14)};
        int len = ReceiverReport.write(out, 0, 0x01020304, two, 2);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes("""
                82 c9 00 0d  01 02 03 04
                00 00 00 07  01 00 00 02  00 00 00 03  00 00 00 04  00 00 00 05  00 00 00 06
                00 00 00 08  09 00 00 0a  00 00 00 0b  00 00 00 0c  00 00 00 0d  00 00 00 0e"""), 0, 56));
        assertThat(ReceiverReport.isValid(out, 0, len)).isTrue();
        ReportBlock second = new ReportBlock().read(out, ReceiverReport.reportBlockOffset(0, 1));
        assertThat(second.ssrc).isEqualTo(8);
        assertThat(second.delaySinceLastSenderReport).isEqualTo(14);
    }

    @Test
    void sdesCnameRoundTrip() {
        byte[] cname = "abc".getBytes(StandardCharsets.US_ASCII);
        int len = Sdes.writeCname(out, 0, 0x11223344, cname, 0, 3);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes(SDES_CNAME), 0, 16));

        SdesReader reader = new SdesReader();
        assertThat(reader.wrap(out, 0, len)).isTrue();
        assertThat(reader.nextChunk()).isTrue();
        assertThat(reader.chunkSsrc()).isEqualTo(0x11223344);
        assertThat(reader.nextItem()).isTrue();
        assertThat(reader.itemType()).isEqualTo(Sdes.ITEM_CNAME);
        assertThat(reader.itemOffset()).isEqualTo(10);
        assertThat(reader.itemLength()).isEqualTo(3);
        assertThat(reader.itemText()).isEqualTo("abc");
        assertThat(reader.nextItem()).isFalse();
        assertThat(reader.nextChunk()).isFalse();
    }

    @Test
    void sdesCnameWhoseTerminatorNeedsAFullWord() {
        // 4 + 4 + 2 + 6 = 16: the null terminator forces another 4 bytes
        int len = Sdes.writeCname(out, 0, 1, "abcdef".getBytes(StandardCharsets.US_ASCII), 0, 6);
        assertThat(Hex.of(out, 0, len)).isEqualTo("81 ca 00 04 00 00 00 01 01 06 61 62 63 64 65 66 00 00 00 00");
    }

    @Test
    void sdesWithTwoChunksAndSeveralItems() {
        byte[] buf = Hex.bytes("""
                82 ca 00 05
                00 00 00 01  01 01 78 02  02 79 7a 00
                00 00 00 02  01 01 71 00""");
        SdesReader reader = new SdesReader();
        assertThat(reader.wrap(buf, 0, buf.length)).isTrue();
        assertThat(reader.nextChunk()).isTrue();
        assertThat(reader.nextItem()).isTrue();
        assertThat(reader.itemText()).isEqualTo("x");
        assertThat(reader.nextItem()).isTrue();
        assertThat(reader.itemType()).isEqualTo(Sdes.ITEM_NAME);
        assertThat(reader.itemText()).isEqualTo("yz");
        assertThat(reader.nextItem()).isFalse();
        assertThat(reader.nextChunk()).isTrue();
        assertThat(reader.chunkSsrc()).isEqualTo(2);
        assertThat(reader.nextItem()).isTrue();
        assertThat(reader.itemText()).isEqualTo("q");
        assertThat(reader.nextChunk()).isFalse();
    }

    @Test
    void sdesWithoutTerminatorIsInvalid() {
        byte[] buf = Hex.bytes("81 ca 00 02 00 00 00 01 01 02 78 79");
        assertThat(new SdesReader().wrap(buf, 0, buf.length)).isFalse();
        byte[] tooManyChunks = Hex.bytes("82 ca 00 02 00 00 00 01 01 01 78 00");
        assertThat(new SdesReader().wrap(tooManyChunks, 0, tooManyChunks.length)).isFalse();
    }

    @Test
    void byeRoundTrip() {
        byte[] reason = "bye".getBytes(StandardCharsets.US_ASCII);
        int len = Bye.write(out, 0, new int[] {0x11223344}, 1, reason, 0, 3);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes(BYE), 0, 12));
        assertThat(Bye.isValid(out, 0, len)).isTrue();
        assertThat(Bye.ssrcCount(out, 0)).isEqualTo(1);
        assertThat(Bye.ssrc(out, 0, 0)).isEqualTo(0x11223344);
        assertThat(Bye.reasonOffset(out, 0, len)).isEqualTo(9);
        assertThat(Bye.reasonLength(out, 0, len)).isEqualTo(3);

        int plain = Bye.write(out, 0, new int[] {5, 6}, 2, null, 0, 0);
        assertThat(Hex.of(out, 0, plain)).isEqualTo("82 cb 00 02 00 00 00 05 00 00 00 06");
        assertThat(Bye.reasonOffset(out, 0, plain)).isEqualTo(-1);
        assertThat(Bye.reasonLength(out, 0, plain)).isZero();
        assertThat(Bye.isValid(Hex.bytes("81 cb 00 01 00 00 00 05"), 0, 8)).isTrue();
        assertThat(Bye.isValid(Hex.bytes("82 cb 00 01 00 00 00 05"), 0, 8)).as("second SSRC missing").isFalse();
        assertThat(Bye.isValid(Hex.bytes("81 cb 00 02 00 00 00 05 09 61 62 63"), 0, 12)).as("reason overruns").isFalse();
    }
}
