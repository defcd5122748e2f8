package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class Av1PacketizerTest {
    static final int SEQUENCE_HEADER = 1;
    static final int FRAME = 6;
    static final int METADATA = 5;
    static final int TILE_LIST = 8;
    static final int PADDING = 15;
    static final byte[] TEMPORAL_DELIMITER = {0x12, 0x00};

    /** An OBU with its size field (shortest LEB128), optionally with an extension byte. */
    static byte[] obu(int type, boolean extension, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type << 3 | (extension ? 0x04 : 0) | 0x02);
        if (extension) {
            out.write(0x28); // temporal id 1, spatial id 1
        }
        byte[] size = new byte[8];
        out.write(size, 0, Leb128.write(size, 0, payload.length));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] keyTemporalUnit(int frameSize) {
        return Payloads.concat(TEMPORAL_DELIMITER, obu(SEQUENCE_HEADER, false, Payloads.bytes(11, 1)),
                obu(FRAME, false, Payloads.bytes(frameSize, 2)));
    }

    @Test
    void roundTripsAKeyframeWhoseFrameObuSpansSeveralPayloads() {
        byte[] tu = keyTemporalUnit(3000);

        Payloads p = Payloads.of(new Av1Packetizer(1200), tu, true);

        assertThat(p.size()).isEqualTo(3);
        assertThat(p.lastMarkedOnce()).isTrue();
        for (int i = 0; i < p.size(); i++) {
            byte[] payload = p.get(i);
            assertThat(payload.length).isLessThanOrEqualTo(1200);
            assertThat(Av1Payload.isKeyframe(payload, 0, payload.length)).as("N on the first only").isEqualTo(i == 0);
            assertThat(Av1Payload.continuesPreviousObu(payload, 0, payload.length)).isEqualTo(i > 0);
            assertThat(Av1Payload.continuesInNextPacket(payload, 0, payload.length)).isEqualTo(i < p.size() - 1);
        }
        assertThat(Av1Payload.obuCount(p.get(0), 0, p.get(0).length)).isEqualTo(2);
        assertThat(Av1Payload.obuCount(p.get(1), 0, p.get(1).length)).isEqualTo(1);
        assertThat(p.depacketize(new Av1Depacketizer())).isEqualTo(tu);
    }

    @Test
    void aSmallTemporalUnitIsOneElementWithoutSizeFieldOrLengthPrefix() {
        byte[] frameObu = obu(FRAME, false, Payloads.bytes(20, 3));
        byte[] tu = Payloads.concat(TEMPORAL_DELIMITER, frameObu);

        Payloads p = Payloads.of(new Av1Packetizer(1200), tu, false);

        assertThat(p.size()).isEqualTo(1);
        byte[] expected = new byte[1 + 1 + 20];
        expected[0] = 0x10; // W=1, no Z, Y, N
        expected[1] = (byte) (FRAME << 3);
        System.arraycopy(frameObu, 2, expected, 2, 20);
        assertThat(p.get(0)).isEqualTo(expected);
        assertThat(p.depacketize(new Av1Depacketizer())).isEqualTo(tu);
    }

    @Test
    void moreThanThreeElementsAreAllLengthPrefixed() {
        byte[] tu = Payloads.concat(TEMPORAL_DELIMITER, obu(METADATA, false, Payloads.bytes(5, 1)),
                obu(METADATA, true, Payloads.bytes(200, 2)), obu(PADDING, false, Payloads.bytes(3, 3)),
                obu(FRAME, true, Payloads.bytes(300, 4)));

        Payloads p = Payloads.of(new Av1Packetizer(1200), tu, false);

        assertThat(p.size()).isEqualTo(1);
        assertThat(Av1Payload.obuCount(p.get(0), 0, p.get(0).length)).isZero();
        assertThat(p.depacketize(new Av1Depacketizer())).isEqualTo(tu);
    }

    @Test
    void temporalDelimitersAndTileListsAreNotSentAndTheDelimiterComesBack() {
        byte[] frameObu = obu(FRAME, false, Payloads.bytes(50, 3));
        byte[] tu = Payloads.concat(TEMPORAL_DELIMITER, obu(TILE_LIST, false, Payloads.bytes(9, 1)), frameObu);

        Payloads p = Payloads.of(new Av1Packetizer(1200), tu, false);
        Payloads noDelimiter = Payloads.of(new Av1Packetizer(1200), frameObu, false);

        assertThat(p.get(0)).hasSize(1 + 1 + 50);
        assertThat(p.depacketize(new Av1Depacketizer())).isEqualTo(Payloads.concat(TEMPORAL_DELIMITER, frameObu));
        assertThat(noDelimiter.depacketize(new Av1Depacketizer())).isEqualTo(Payloads.concat(TEMPORAL_DELIMITER, frameObu));
        assertThat(Payloads.of(new Av1Packetizer(1200), TEMPORAL_DELIMITER, false).size()).isZero();
    }

    @Test
    void onlyAKeyframeWithASequenceHeaderStartsACodedVideoSequence() {
        byte[] withHeader = keyTemporalUnit(100);
        byte[] withoutHeader = Payloads.concat(TEMPORAL_DELIMITER, obu(FRAME, false, Payloads.bytes(100, 2)));

        byte[] key = Payloads.of(new Av1Packetizer(1200), withHeader, true).get(0);
        byte[] notKey = Payloads.of(new Av1Packetizer(1200), withHeader, false).get(0);
        byte[] noHeader = Payloads.of(new Av1Packetizer(1200), withoutHeader, true).get(0);

        assertThat(Av1Payload.isKeyframe(key, 0, key.length)).isTrue();
        assertThat(Av1Payload.isKeyframe(notKey, 0, notKey.length)).isFalse();
        assertThat(Av1Payload.isKeyframe(noHeader, 0, noHeader.length)).isFalse();
        Av1Depacketizer d = new Av1Depacketizer();
        assertThat(d.startsFrame(key, 0, key.length)).isTrue();
        assertThat(d.startsFrame(notKey, 0, notKey.length)).as("opens with a sequence header").isTrue();
        assertThat(d.startsFrame(noHeader, 0, noHeader.length)).as("cannot tell").isFalse();
    }

    @Test
    void aLastObuWithoutSizeFieldComesBackWithOne() {
        byte[] payload = Payloads.bytes(40, 5);
        byte[] unsized = Payloads.concat(new byte[] {(byte) (FRAME << 3)}, payload);
        byte[] tu = Payloads.concat(TEMPORAL_DELIMITER, unsized);

        Payloads p = Payloads.of(new Av1Packetizer(1200), tu, false);

        assertThat(p.depacketize(new Av1Depacketizer()))
                .isEqualTo(Payloads.concat(TEMPORAL_DELIMITER, obu(FRAME, false, payload)));
    }

    @Test
    void malformedTemporalUnitsGiveNoPayloads() {
        Av1Packetizer packetizer = new Av1Packetizer(1200);
        byte[] forbidden = {(byte) 0xB2, 0x01, 0x00};
        byte[] sizePastEnd = {0x32, 0x05, 1, 2};
        byte[] truncatedSize = {0x32, (byte) 0x80};
        byte[] truncatedExtension = {0x36};
        byte[] overlongSize = {0x32, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 0x00};

        for (byte[] tu : new byte[][] {forbidden, sizePastEnd, truncatedSize, truncatedExtension, overlongSize}) {
            assertThat(Payloads.of(packetizer, tu, false).size()).isZero();
        }
    }

    @Test
    void fragmentsSmallObusAcrossTinyPayloads() {
        byte[] tu = Payloads.concat(TEMPORAL_DELIMITER, obu(SEQUENCE_HEADER, true, Payloads.bytes(30, 1)),
                obu(FRAME, true, Payloads.bytes(70, 2)));

        Payloads p = Payloads.of(new Av1Packetizer(8), tu, true);

        assertThat(p.payloads).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(8));
        assertThat(p.depacketize(new Av1Depacketizer())).isEqualTo(tu);
    }
}
