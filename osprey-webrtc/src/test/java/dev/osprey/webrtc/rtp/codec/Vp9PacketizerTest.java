package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Vp9PacketizerTest {
    /**
     * A profile-0 keyframe's uncompressed header: frame marker, profile 0, key frame, shown, sync code
     * 49 83 42, colour space BT.601 with studio range, then 640x360 (minus one, 16 bits each).
     */
    static byte[] keyframe(int size) {
        byte[] f = Payloads.bytes(size, 9);
        byte[] header = {(byte) 0x82, 0x49, (byte) 0x83, 0x42, 0x20, 0x27, (byte) 0xF0, 0x16, 0x70};
        System.arraycopy(header, 0, f, 0, header.length);
        return f;
    }

    @Test
    void keyframeCarriesScalabilityStructureWithItsSizeAndIsDetectedAsKeyframe() {
        Vp9Packetizer packetizer = new Vp9Packetizer(1000, 77, true);
        byte[] frame = keyframe(2600);

        Payloads p = Payloads.of(packetizer, frame, true);

        assertThat(p.size()).isEqualTo(3);
        assertThat(p.lastMarkedOnce()).isTrue();
        byte[] first = p.get(0);
        assertThat(Vp9Payload.isKeyframe(first, 0, first.length)).isTrue();
        assertThat(Vp9Payload.hasScalabilityStructure(first, 0, first.length)).isTrue();
        assertThat(Vp9Payload.descriptorLength(first, 0, first.length)).isEqualTo(8);
        assertThat(first[3]).isEqualTo((byte) 0x10); // one spatial layer, sizes present, no picture group
        assertThat(first[4] << 8 & 0xFF00 | first[5] & 0xFF).isEqualTo(640);
        assertThat(first[6] << 8 & 0xFF00 | first[7] & 0xFF).isEqualTo(360);
        for (int i = 0; i < p.size(); i++) {
            byte[] payload = p.get(i);
            assertThat(payload.length).isLessThanOrEqualTo(1000);
            assertThat(Vp9Payload.isStartOfFrame(payload, 0, payload.length)).isEqualTo(i == 0);
            assertThat(Vp9Payload.isEndOfFrame(payload, 0, payload.length)).isEqualTo(i == p.size() - 1);
            assertThat(Vp9Payload.pictureId(payload, 0, payload.length)).isEqualTo(77);
            assertThat(payload[0] & 0x40).as("P").isZero();
        }
        assertThat(p.depacketize(new Vp9Depacketizer())).isEqualTo(frame);
    }

    @Test
    void interframesArePredictedAndCarryNoScalabilityStructure() {
        Vp9Packetizer packetizer = new Vp9Packetizer(1000, 0x7FFF, true);
        Payloads.of(packetizer, keyframe(50), true);
        byte[] frame = Payloads.bytes(1500, 4);

        Payloads p = Payloads.of(packetizer, frame, false);

        byte[] first = p.get(0);
        assertThat(Vp9Payload.isKeyframe(first, 0, first.length)).isFalse();
        assertThat(Vp9Payload.hasScalabilityStructure(first, 0, first.length)).isFalse();
        assertThat(first[0] & 0x40).as("P").isNotZero();
        assertThat(Vp9Payload.pictureId(first, 0, first.length)).isZero();
        assertThat(new Vp9Depacketizer().startsFrame(first, 0, first.length)).isTrue();
        assertThat(new Vp9Depacketizer().startsFrame(p.get(1), 0, p.get(1).length)).isFalse();
        assertThat(p.depacketize(new Vp9Depacketizer())).isEqualTo(frame);
    }

    @Test
    void keyframeWithoutScalabilityStructureOrReadableHeaderIsStillAKeyframe() {
        byte[] frame = Payloads.bytes(20, 1);

        Payloads plain = Payloads.of(new Vp9Packetizer(1000, 1, false), frame, true);
        Payloads unreadable = Payloads.of(new Vp9Packetizer(1000, 1, true), frame, true);

        assertThat(Vp9Payload.hasScalabilityStructure(plain.get(0), 0, plain.get(0).length)).isFalse();
        assertThat(Vp9Payload.isKeyframe(plain.get(0), 0, plain.get(0).length)).isTrue();
        assertThat(Vp9Payload.descriptorLength(unreadable.get(0), 0, unreadable.get(0).length)).isEqualTo(4);
        assertThat(Vp9Payload.isKeyframe(unreadable.get(0), 0, unreadable.get(0).length)).isTrue();
        assertThat(unreadable.depacketize(new Vp9Depacketizer())).isEqualTo(frame);
    }
}
