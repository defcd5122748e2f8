package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Vp8PacketizerTest {
    /** A keyframe's start: frame tag with P=0, start code 9d 01 2a, 320x180. */
    static byte[] keyframe(int size) {
        byte[] f = Payloads.bytes(size, 3);
        f[0] = (byte) 0x50;
        f[3] = (byte) 0x9D;
        f[4] = 0x01;
        f[5] = 0x2A;
        f[6] = 0x40;
        f[7] = 0x01;
        f[8] = (byte) 0xB4;
        f[9] = 0x00;
        return f;
    }

    static byte[] interframe(int size) {
        byte[] f = Payloads.bytes(size, 5);
        f[0] = (byte) 0x31;
        return f;
    }

    @Test
    void splitsIntoBalancedPayloadsWithRfc7741Descriptors() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1200, 0x1234);
        byte[] frame = keyframe(2500);

        Payloads p = Payloads.of(packetizer, frame, true);

        assertThat(p.size()).isEqualTo(3);
        assertThat(p.lastMarkedOnce()).isTrue();
        for (int i = 0; i < p.size(); i++) {
            byte[] payload = p.get(i);
            assertThat(payload.length).isLessThanOrEqualTo(1200);
            assertThat(Vp8Payload.descriptorLength(payload, 0, payload.length)).isEqualTo(4);
            assertThat(Vp8Payload.isStartOfFrame(payload, 0, payload.length)).isEqualTo(i == 0);
            assertThat(Vp8Payload.hasLongPictureId(payload, 0, payload.length)).isTrue();
            assertThat(Vp8Payload.pictureId(payload, 0, payload.length)).isEqualTo(0x1234);
        }
        assertThat(p.get(0).length - p.get(2).length).isBetween(0, 1);
        assertThat(Vp8Payload.isKeyframe(p.get(0), 0, p.get(0).length)).isTrue();
        assertThat(Vp8Payload.keyframeWidth(p.get(0), 0, p.get(0).length)).isEqualTo(320);
        assertThat(p.depacketize(new Vp8Depacketizer())).isEqualTo(frame);
    }

    @Test
    void pictureIdIncrementsPerFrameAndWrapsAt15Bits() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1200, 0x7FFF);

        byte[] first = Payloads.of(packetizer, interframe(10), false).get(0);
        byte[] second = Payloads.of(packetizer, interframe(10), false).get(0);

        assertThat(Vp8Payload.pictureId(first, 0, first.length)).isEqualTo(0x7FFF);
        assertThat(Vp8Payload.pictureId(second, 0, second.length)).isZero();
        assertThat(packetizer.nextPictureId()).isEqualTo(1);
    }

    @Test
    void aTinyFrameIsOnePayloadAndAnEmptyOneNone() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1200, 0);
        byte[] frame = interframe(3);

        Payloads p = Payloads.of(packetizer, frame, false);

        assertThat(p.size()).isEqualTo(1);
        assertThat(p.lastMarkedOnce()).isTrue();
        assertThat(Vp8Payload.isKeyframe(p.get(0), 0, p.get(0).length)).isFalse();
        assertThat(p.depacketize(new Vp8Depacketizer())).isEqualTo(frame);
        assertThat(Payloads.of(packetizer, new byte[0], false).size()).isZero();
    }

    @Test
    void depacketizerRefusesDescriptorsWithoutDataAndKeyframesWithoutStartCode() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        FrameBuffer out = new FrameBuffer();

        assertThat(d.append(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81}, 0, 3, out)).isFalse();
        assertThat(d.append(new byte[] {(byte) 0x10}, 0, 1, out)).isFalse();

        byte[] bogusKey = {0x10, 0x50, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(d.append(bogusKey, 0, bogusKey.length, out)).isTrue();
        assertThat(d.finish(out, true)).isFalse();
    }
}
