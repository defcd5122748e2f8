package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Hex;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class H264PacketizerTest {
    static final byte[] START4 = {0, 0, 0, 1};
    static final byte[] START3 = {0, 0, 1};
    static final byte[] SPS = Hex.bytes("67 42 c0 0b d9 01 41 fb 01 10 00 00 03 00 10 00 00 03 00 20 f1 42 a4 80");
    static final byte[] PPS = Hex.bytes("68 ce 3c 80");
    static final byte[] AUD = {0x09, (byte) 0xF0};

    /** An IDR slice NAL unit: first_mb_in_slice = 0 (first bit set), then filler. */
    static byte[] idr(int size) {
        byte[] nal = Payloads.bytes(size, 7);
        nal[0] = 0x65;
        nal[1] = (byte) 0x88;
        nal[size - 1] = (byte) 0x80;
        return nal;
    }

    static byte[] pSlice(int size) {
        byte[] nal = Payloads.bytes(size, 11);
        nal[0] = 0x41;
        nal[1] = (byte) 0x9A;
        nal[size - 1] = (byte) 0x80;
        return nal;
    }

    /** NAL units joined with 4-byte start codes. */
    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(START4);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    @Test
    void aggregatesParameterSetsFragmentsLargeNalsAndDropsDelimiters() {
        byte[] idr = idr(3000);
        byte[] sei = {0x06, 5, 1, (byte) 0x80};
        byte[] au = Payloads.concat(START4, AUD, START4, SPS, START3, PPS, START3, sei, START4, idr);

        Payloads p = Payloads.of(new H264Packetizer(1200), au, true);

        assertThat(p.lastMarkedOnce()).isTrue();
        byte[] stap = p.get(0);
        assertThat(stap[0] & 0x1F).isEqualTo(H264Payload.STAP_A);
        assertThat(stap[0] & 0x60).isEqualTo(0x60); // highest NRI of the aggregated units
        assertThat(stap).hasSize(1 + 2 + SPS.length + 2 + PPS.length);
        assertThat(stap[1] << 8 | stap[2]).isEqualTo(SPS.length);
        assertThat(p.get(1)).isEqualTo(sei);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        rebuilt.write(p.get(2)[0] & 0xE0 | p.get(2)[1] & 0x1F);
        for (int i = 2; i < p.size(); i++) {
            byte[] fu = p.get(i);
            assertThat(fu.length).isLessThanOrEqualTo(1200);
            assertThat(fu[0] & 0x1F).isEqualTo(H264Payload.FU_A);
            assertThat(fu[1] & 0x80).isEqualTo(i == 2 ? 0x80 : 0);
            assertThat(fu[1] & 0x40).isEqualTo(i == p.size() - 1 ? 0x40 : 0);
            assertThat(fu[1] & 0x1F).isEqualTo(5);
            rebuilt.write(fu, 2, fu.length - 2);
        }
        assertThat(rebuilt.toByteArray()).isEqualTo(idr);
        assertThat(p.size()).isEqualTo(5);
        assertThat(p.get(2).length - p.get(4).length).as("balanced fragments").isBetween(0, 1);
    }

    @Test
    void splitsOnBothStartCodeFormsAndStripsTrailingZeros() {
        byte[] data = {0x11, 0, 0, 0, 1, 0x41, 1, 2, 0, 0, 1, 0x41, 3, 0, 0, 0, 0, 1, 0x41, 4, 0};

        Payloads p = Payloads.of(new H264Packetizer(1200), data, false);

        assertThat(p.payloads).containsExactly(new byte[] {0x41, 1, 2}, new byte[] {0x41, 3}, new byte[] {0x41, 4});
        assertThat(Payloads.of(new H264Packetizer(1200), new byte[] {1, 2, 3}, false).size()).isZero();
        assertThat(Payloads.of(new H264Packetizer(1200), Payloads.concat(START4, AUD), false).size()).isZero();
    }

    @Test
    void parameterSetsTooLargeToAggregateGoAlone() {
        byte[] au = annexB(SPS, PPS, idr(100));

        Payloads p = Payloads.of(new H264Packetizer(SPS.length + 2), au, true);

        assertThat(p.get(0)).isEqualTo(SPS);
        assertThat(p.get(1)).isEqualTo(PPS);
        assertThat(p.depacketize(new H264Depacketizer(H264Depacketizer.Output.ANNEX_B))).isEqualTo(au);
    }

    @Test
    void roundTripsAnAccessUnitInAnnexBAndInAvcc() {
        byte[] idr = idr(5000);
        byte[] au = annexB(SPS, PPS, idr);

        Payloads p = Payloads.of(new H264Packetizer(1100), au, true);

        assertThat(p.depacketize(new H264Depacketizer(H264Depacketizer.Output.ANNEX_B))).isEqualTo(au);
        assertThat(p.depacketize(new H264Depacketizer(H264Depacketizer.Output.AVCC)))
                .isEqualTo(H264DepacketizerTest.avcc(SPS, PPS, idr));
    }
}
