package dev.osprey.loadtest.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketizerTest {

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return b;
    }

    @Test
    void vp8SplitsIntoEqualPacketsWithRfc7741Descriptors() {
        byte[] frame = bytes(2500, 1);
        List<byte[]> p = Vp8Packetizer.packetize(frame, 1200);

        assertThat(p).hasSize(3);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < p.size(); i++) {
            byte[] payload = p.get(i);
            assertThat(payload.length).isLessThanOrEqualTo(1200);
            assertThat(payload[0] & 0xFF).isEqualTo(i == 0 ? 0x90 : 0x80);
            assertThat(Vp8Payload.descriptorLength(payload, 0, payload.length)).isEqualTo(4);
            assertThat(Vp8Payload.isStartOfFrame(payload, 0, payload.length)).isEqualTo(i == 0);
            assertThat(Vp8Payload.hasLongPictureId(payload, 0, payload.length)).isTrue();
            joined.write(payload, 4, payload.length - 4);
        }
        assertThat(joined.toByteArray()).isEqualTo(frame);
        assertThat(p.get(0).length - p.get(2).length).isBetween(0, 1);

        byte[] buf = p.get(1).clone();
        Vp8Packetizer.writePictureId(buf, 0, 0x1234);
        assertThat(Vp8Payload.pictureId(buf, 0, buf.length)).isEqualTo(0x1234);
        Vp8Packetizer.writePictureId(buf, 0, 0x7FFF);
        assertThat(Vp8Payload.pictureId(buf, 0, buf.length)).isEqualTo(0x7FFF);
    }

    @Test
    void h264AggregatesParameterSetsFragmentsLargeNalsAndDropsDelimiters() {
        byte[] sps = {0x67, 0x42, (byte) 0xE0, 0x1F, 1, 2};
        byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        byte[] idr = bytes(3000, 7);
        idr[0] = 0x65;
        byte[] sei = {0x06, 5, 1, (byte) 0x80};
        ByteArrayOutputStream au = new ByteArrayOutputStream();
        au.writeBytes(new byte[] {0, 0, 0, 1, 0x09, (byte) 0xF0});
        au.writeBytes(new byte[] {0, 0, 0, 1});
        au.writeBytes(sps);
        au.writeBytes(new byte[] {0, 0, 1});
        au.writeBytes(pps);
        au.writeBytes(new byte[] {0, 0, 1});
        au.writeBytes(sei);
        au.writeBytes(new byte[] {0, 0, 0, 1});
        au.writeBytes(idr);

        List<byte[]> p = H264Packetizer.packetize(au.toByteArray(), 1200);

        byte[] stap = p.get(0);
        assertThat(stap[0] & 0x1F).isEqualTo(24);
        assertThat(stap[0] & 0x60).isEqualTo(0x60); // highest NRI of the aggregated units
        assertThat(stap).hasSize(1 + 2 + sps.length + 2 + pps.length);
        assertThat(stap[1] << 8 | stap[2]).isEqualTo(sps.length);
        assertThat(p.get(1)).isEqualTo(sei);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        rebuilt.write(p.get(2)[0] & 0xE0 | p.get(2)[1] & 0x1F);
        for (int i = 2; i < p.size(); i++) {
            byte[] fu = p.get(i);
            assertThat(fu.length).isLessThanOrEqualTo(1200);
            assertThat(fu[0] & 0x1F).isEqualTo(28);
            assertThat(fu[1] & 0x80).isEqualTo(i == 2 ? 0x80 : 0);
            assertThat(fu[1] & 0x40).isEqualTo(i == p.size() - 1 ? 0x40 : 0);
            assertThat(fu[1] & 0x1F).isEqualTo(5);
            rebuilt.write(fu, 2, fu.length - 2);
        }
        assertThat(rebuilt.toByteArray()).isEqualTo(idr);
    }

    @Test
    void annexBSplitHandlesBothStartCodesAndTrailingZeros() {
        byte[] data = {0, 0, 0, 1, 0x41, 1, 2, 0, 0, 1, 0x41, 3, 0, 0, 0, 0, 1, 0x41, 4, 0};
        List<byte[]> nals = H264Packetizer.splitAnnexB(data);
        assertThat(nals).hasSize(3);
        assertThat(nals.get(0)).containsExactly(0x41, 1, 2);
        assertThat(nals.get(1)).containsExactly(0x41, 3);
        assertThat(nals.get(2)).containsExactly(0x41, 4);
        assertThat(H264Packetizer.splitAnnexB(new byte[] {1, 2, 3})).isEmpty();
    }
}
