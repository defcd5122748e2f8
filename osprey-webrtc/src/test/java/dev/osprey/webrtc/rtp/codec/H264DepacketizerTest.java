package dev.osprey.webrtc.rtp.codec;

import static dev.osprey.webrtc.rtp.codec.H264PacketizerTest.AUD;
import static dev.osprey.webrtc.rtp.codec.H264PacketizerTest.PPS;
import static dev.osprey.webrtc.rtp.codec.H264PacketizerTest.SPS;
import static dev.osprey.webrtc.rtp.codec.H264PacketizerTest.annexB;
import static dev.osprey.webrtc.rtp.codec.H264PacketizerTest.idr;
import static dev.osprey.webrtc.rtp.codec.H264PacketizerTest.pSlice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Hex;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class H264DepacketizerTest {
    private final FrameBuffer out = new FrameBuffer();

    /** NAL units each after its 4-byte big-endian length. */
    static byte[] avcc(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private static byte[] framed(H264Depacketizer.Output output, byte[]... nals) {
        return output == H264Depacketizer.Output.ANNEX_B ? annexB(nals) : avcc(nals);
    }

    private static byte[] depacketize(H264Depacketizer d, H264Packetizer packetizer, byte[] au) {
        return Payloads.of(packetizer, au, false).depacketize(d);
    }

    @ParameterizedTest
    @EnumSource(H264Depacketizer.Output.class)
    void putsTheRememberedParameterSetsInFrontOfEveryLaterIdr(H264Depacketizer.Output output) {
        H264Depacketizer d = new H264Depacketizer(output);
        H264Packetizer packetizer = new H264Packetizer(1200);
        byte[] idr1 = idr(3000);
        byte[] p1 = pSlice(800);
        byte[] idr2 = idr(2500);

        assertThat(depacketize(d, packetizer, annexB(SPS, PPS, idr1))).isEqualTo(framed(output, SPS, PPS, idr1));
        assertThat(depacketize(d, packetizer, annexB(p1))).isEqualTo(framed(output, p1));
        assertThat(depacketize(d, packetizer, annexB(idr2))).isEqualTo(framed(output, SPS, PPS, idr2));
        d.reset();
        assertThat(depacketize(d, packetizer, annexB(idr2))).as("kept across a reset")
                .isEqualTo(framed(output, SPS, PPS, idr2));
    }

    @Test
    void insertsOnlyTheMissingParameterSetInItsPlace() {
        H264Depacketizer d = new H264Depacketizer(H264Depacketizer.Output.ANNEX_B);
        H264Packetizer packetizer = new H264Packetizer(1200);
        byte[] idr = idr(100);
        byte[] sei = {0x06, 5, 1, (byte) 0x80};
        depacketize(d, packetizer, annexB(SPS, PPS, idr));

        assertThat(depacketize(d, packetizer, annexB(SPS, sei, idr))).isEqualTo(annexB(SPS, PPS, sei, idr));
        assertThat(depacketize(d, packetizer, annexB(PPS, idr))).isEqualTo(annexB(SPS, PPS, idr));
        // a leading delimiter stays first (the packetizer drops AUDs, so send it by hand)
        out.clear();
        assertThat(d.append(AUD, 0, AUD.length, out)).isTrue();
        assertThat(d.append(idr, 0, idr.length, out)).isTrue();
        assertThat(d.finish(out, true)).isTrue();
        assertThat(out.toByteArray()).isEqualTo(annexB(AUD, SPS, PPS, idr));
    }

    @Test
    void anIdrWithNoParameterSetsEverSeenIsUnusable() {
        H264Depacketizer d = new H264Depacketizer(H264Depacketizer.Output.AVCC);
        byte[] idr = idr(100);

        assertThat(d.append(idr, 0, idr.length, out)).isTrue();
        assertThat(d.finish(out, true)).isFalse();
    }

    @Test
    void detectsKeyframesAndFrameStarts() {
        H264Depacketizer d = new H264Depacketizer(H264Depacketizer.Output.ANNEX_B);
        Payloads key = Payloads.of(new H264Packetizer(1200), annexB(SPS, PPS, idr(3000)), true);
        Payloads delta = Payloads.of(new H264Packetizer(1200), annexB(pSlice(1500)), false);
        byte[] secondSlice = pSlice(50);
        secondSlice[1] = 0x12; // first_mb_in_slice != 0

        assertThat(d.isKeyframe(key.get(0), 0, key.get(0).length)).as("STAP-A of SPS and PPS only").isFalse();
        assertThat(d.isKeyframe(key.get(1), 0, key.get(1).length)).as("FU-A start of an IDR").isTrue();
        assertThat(d.isKeyframe(key.get(2), 0, key.get(2).length)).as("FU-A middle").isFalse();
        assertThat(d.isKeyframe(delta.get(0), 0, delta.get(0).length)).isFalse();
        assertThat(d.startsFrame(key.get(0), 0, key.get(0).length)).isTrue();
        assertThat(d.startsFrame(key.get(1), 0, key.get(1).length)).isTrue();
        assertThat(d.startsFrame(key.get(2), 0, key.get(2).length)).isFalse();
        assertThat(d.startsFrame(delta.get(0), 0, delta.get(0).length)).isTrue();
        assertThat(d.startsFrame(secondSlice, 0, secondSlice.length)).isFalse();
        byte[] stapWithIdr = Hex.bytes("78 00 02 65 88 00 02 41 9a");
        assertThat(d.isKeyframe(stapWithIdr, 0, stapWithIdr.length)).isTrue();
    }

    @Test
    void refusesAFragmentWithoutItsStart() {
        H264Depacketizer d = new H264Depacketizer(H264Depacketizer.Output.ANNEX_B);
        Payloads p = Payloads.of(new H264Packetizer(1200), annexB(pSlice(3000)), false);

        assertThat(d.append(p.get(1), 0, p.get(1).length, out)).isFalse();
        d.reset();
        out.clear();
        assertThat(d.append(p.get(0), 0, p.get(0).length, out)).isTrue();
        assertThat(d.append(p.get(0), 0, p.get(0).length, out)).as("a second start").isFalse();
        d.reset();
        out.clear();
        assertThat(d.append(p.get(0), 0, p.get(0).length, out)).isTrue();
        assertThat(d.finish(out, false)).as("the unit never ended").isFalse();
        out.clear();
        assertThat(d.append(p.get(0), 0, p.get(0).length, out)).isTrue();
        byte[] single = pSlice(10);
        assertThat(d.append(single, 0, single.length, out)).as("a unit inside a fragmented one").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "78 00 05 67 42",          // STAP-A: size past the end
            "78 00 00 00 02 68 ce",    // STAP-A: zero size
            "78 00 02 68 ce 00",       // STAP-A: truncated size
            "78",                      // STAP-A: nothing aggregated
            "78 00 02 78 00",          // STAP-A inside STAP-A
            "79 00 01 00 02 68 ce",    // STAP-B
            "7a 00 01 00 02 00 00 00 68 ce", // MTAP16
            "7b 00 01 00 02 00 00 00 00 68 ce", // MTAP24
            "7d 85 00 01 88",          // FU-B
            "7c c5 88 84",             // FU-A with start and end
            "7c 85",                   // FU-A without data
            "7c 80 88",                // FU-A of NAL type 0
            "e5 88 84",                // forbidden bit
            "60 00",                   // NAL type 0
            "7e 00", "7f 00"})         // reserved types
    void refusesMalformedPayloads(String hex) {
        byte[] payload = Hex.bytes(hex);
        for (H264Depacketizer.Output output : H264Depacketizer.Output.values()) {
            H264Depacketizer d = new H264Depacketizer(output);
            out.clear();
            assertThat(d.append(payload, 0, payload.length, out)).as("%s %s", output, hex).isFalse();
        }
    }

    @Test
    void aFrameOverTheMaximumIsRefused() {
        H264Depacketizer d = new H264Depacketizer(H264Depacketizer.Output.ANNEX_B);
        Payloads p = Payloads.of(new H264Packetizer(1200), annexB(pSlice(5000)), false);

        assertThat(p.depacketize(d, new FrameBuffer(1024, 4096))).isNull();
        assertThat(p.depacketize(d, new FrameBuffer(1024, 8192))).isNotNull();
    }
}
