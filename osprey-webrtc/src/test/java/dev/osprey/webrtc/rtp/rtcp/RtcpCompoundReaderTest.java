package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RtcpCompoundReaderTest {
    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    @Test
    void iteratesACompoundOfSrSdesAndRemb() {
        byte[] buf = Hex.bytes(RtcpReportsTest.SR + RtcpReportsTest.SDES_CNAME + RtcpFeedbackTest.REMB);
        byte[] framed = Hex.at(5, buf, 3);
        assertThat(reader.wrap(framed, 5, buf.length)).isTrue();
        List<String> seen = new ArrayList<>();
        while (reader.next()) {
            seen.add(reader.packetType() + "/" + reader.count() + "@" + (reader.packetOffset() - 5) + "+" + reader.packetLength());
        }
        assertThat(seen).containsExactly("200/1@0+52", "202/1@52+16", "206/15@68+24");
        assertThat(reader.next()).isFalse();
    }

    @Test
    void acceptsReducedSizeRtcpWithoutLeadingReport() {
        byte[] buf = Hex.bytes(RtcpFeedbackTest.PLI + RtcpFeedbackTest.NACK);
        assertThat(reader.wrap(buf, 0, buf.length)).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(Pli.isValid(buf, reader.packetOffset(), reader.packetLength())).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(Nack.isValid(buf, reader.packetOffset(), reader.packetLength())).isTrue();
        assertThat(Nack.pid(buf, reader.packetOffset(), 1)).isEqualTo(117);
        assertThat(reader.next()).isFalse();
    }

    @Test
    void stripsPaddingFromThePacketLength() {
        // RR without blocks, padded with 4 bytes (P bit, count 4 in the last byte)
        byte[] buf = Hex.bytes("a0 c9 00 02 11 22 33 44 00 00 00 04");
        assertThat(reader.wrap(buf, 0, buf.length)).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(reader.packetLength()).isEqualTo(8);
        assertThat(ReceiverReport.isValid(buf, 0, reader.packetLength())).isTrue();
    }

    @Test
    void rejectsMalformedCompounds() {
        byte[] good = Hex.bytes(RtcpReportsTest.RR_EMPTY + RtcpFeedbackTest.PLI);
        assertThat(reader.wrap(good, 0, good.length)).isTrue();
        assertThat(reader.wrap(good, 0, good.length - 1)).as("truncated second packet").isFalse();
        assertThat(reader.next()).as("no iteration after a failed wrap").isFalse();
        assertThat(reader.wrap(good, 0, 3)).as("shorter than a header").isFalse();
        assertThat(reader.wrap(Hex.at(0, good, 2), 0, good.length + 2)).as("trailing bytes").isFalse();

        byte[] version = good.clone();
        version[8] = 0x41;
        assertThat(reader.wrap(version, 0, version.length)).as("version 1 in the second packet").isFalse();
        byte[] type = good.clone();
        type[1] = 96;
        assertThat(reader.wrap(type, 0, type.length)).as("RTP payload type, not RTCP").isFalse();
        byte[] zeroPad = Hex.bytes("a0 c9 00 02 11 22 33 44 00 00 00 00");
        assertThat(reader.wrap(zeroPad, 0, zeroPad.length)).as("padding count 0").isFalse();
        byte[] longPad = Hex.bytes("a0 c9 00 02 11 22 33 44 00 00 00 0c");
        assertThat(reader.wrap(longPad, 0, longPad.length)).as("padding over the header").isFalse();
        assertThat(reader.wrap(good, 4, good.length)).as("window past the array").isFalse();
    }
}
