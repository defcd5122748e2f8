package dev.osprey.webrtc.rtp.codec;

import static dev.osprey.webrtc.rtp.codec.Av1PacketizerTest.FRAME;
import static dev.osprey.webrtc.rtp.codec.Av1PacketizerTest.TEMPORAL_DELIMITER;
import static dev.osprey.webrtc.rtp.codec.Av1PacketizerTest.obu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Av1DepacketizerTest {
    private final Av1Depacketizer d = new Av1Depacketizer();
    private final FrameBuffer out = new FrameBuffer();

    private boolean append(String hex) {
        byte[] p = Hex.bytes(hex);
        return d.append(p, 0, p.length, out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00 ff ff ff ff ff ff ff ff 01 30",   // LEB128 longer than 8 bytes
            "00 ff ff ff ff 7f 30",               // LEB128 above 2^32-1
            "00 05 30 01",                        // element past the end
            "00 80",                              // truncated LEB128
            "00 00 30 01",                        // empty element
            "20 00",                              // W=2, one element that is empty... and no second
            "30 02 30 01",                        // W=3 with one element
            "80 30 01",                           // Z without an OBU in progress
            "10 b0 01",                           // forbidden bit
            "10 34",                              // extension flag without its byte
            "10",                                 // aggregation header only
            "10 32 05 01"})                       // size field that does not match
    void refusesMalformedPayloads(String hex) {
        assertThat(append(hex)).as(hex).isFalse();
    }

    @Test
    void aStartWhileAnObuIsOpenAndAnObuLeftOpenAreRefused() {
        assertThat(append("50 30 01 02")).isTrue();         // Y: continues in the next payload
        assertThat(append("10 30 01")).as("Z missing").isFalse();
        d.reset();
        out.clear();
        assertThat(append("50 30 01 02")).isTrue();
        assertThat(d.finish(out, false)).isFalse();
    }

    @Test
    void keepsAMatchingSizeFieldAndDropsDelimiters() {
        assertThat(append("00 02 12 00 03 32 01 aa")).isTrue();
        assertThat(d.finish(out, false)).isTrue();
        assertThat(out.toByteArray()).isEqualTo(Payloads.concat(TEMPORAL_DELIMITER, obu(FRAME, false, new byte[] {(byte) 0xAA})));
    }

    @Test
    void aFrameOfOnlyDelimitersIsUnusable() {
        assertThat(append("10 10")).isTrue();
        assertThat(d.finish(out, false)).isFalse();
    }

    @Test
    void restoresMultiByteSizeFields() {
        byte[] frameObu = obu(FRAME, false, Payloads.bytes(300, 1));
        byte[] tu = Payloads.concat(TEMPORAL_DELIMITER, frameObu);
        Payloads p = Payloads.of(new Av1Packetizer(100), tu, false);

        assertThat(frameObu[1] & 0x80).as("two-byte LEB128").isNotZero();
        assertThat(p.depacketize(d)).isEqualTo(tu);
    }

    @Test
    void leb128RoundTripsAndRefusesBadEncodings() {
        byte[] b = new byte[8];
        for (long v : new long[] {0, 1, 127, 128, 16383, 16384, 0xFFFFFFFFL}) {
            int n = Leb128.write(b, 0, v);
            assertThat(n).isEqualTo(Leb128.size(v));
            long read = Leb128.read(b, 0, n);
            assertThat(Leb128.readBytes(read)).isEqualTo(n);
            assertThat(Leb128.readValue(read)).isEqualTo(v);
            assertThat(Leb128.read(b, 0, n - 1)).isEqualTo(-1);
        }
        // a non-minimal encoding is valid
        assertThat(Leb128.readValue(Leb128.read(new byte[] {(byte) 0x81, 0x00}, 0, 2))).isEqualTo(1);
    }
}
