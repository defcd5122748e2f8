package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Vp8PayloadTest {
    /** S=1, PID=0, no extensions; frame tag with P=0, start code, 640x480. */
    static final byte[] KEYFRAME = Hex.bytes("10 50 01 00 9d 01 2a 80 02 e0 01 aa bb");
    /** X, S; I (15-bit picture id 0x1234), L (TL0PICIDX 5), T (TID 2, Y); inter frame (P=1). */
    static final byte[] EXTENDED_INTER = Hex.bytes("90 e0 92 34 05 a0 51 00 00");

    @Test
    void detectsKeyframeAndReadsItsSize() {
        byte[] buf = Hex.at(3, KEYFRAME, 2);
        assertThat(Vp8Payload.descriptorLength(buf, 3, KEYFRAME.length)).isEqualTo(1);
        assertThat(Vp8Payload.isStartOfFrame(buf, 3, KEYFRAME.length)).isTrue();
        assertThat(Vp8Payload.isKeyframe(buf, 3, KEYFRAME.length)).isTrue();
        assertThat(Vp8Payload.keyframeWidth(buf, 3, KEYFRAME.length)).isEqualTo(640);
        assertThat(Vp8Payload.keyframeHeight(buf, 3, KEYFRAME.length)).isEqualTo(480);
        assertThat(Vp8Payload.keyframeWidth(buf, 3, 10)).as("size cut").isEqualTo(-1);
        assertThat(Vp8Payload.pictureId(buf, 3, KEYFRAME.length)).isEqualTo(-1);
        assertThat(Vp8Payload.tl0PicIdx(buf, 3, KEYFRAME.length)).isEqualTo(-1);
        assertThat(Vp8Payload.setPictureId(buf, 3, KEYFRAME.length, 5)).isFalse();
    }

    @Test
    void readsExtensionFieldsOfAnInterFrame() {
        byte[] buf = EXTENDED_INTER.clone();
        assertThat(Vp8Payload.descriptorLength(buf, 0, buf.length)).isEqualTo(6);
        assertThat(Vp8Payload.isKeyframe(buf, 0, buf.length)).isFalse();
        assertThat(Vp8Payload.pictureId(buf, 0, buf.length)).isEqualTo(0x1234);
        assertThat(Vp8Payload.hasLongPictureId(buf, 0, buf.length)).isTrue();
        assertThat(Vp8Payload.tl0PicIdx(buf, 0, buf.length)).isEqualTo(5);
        assertThat(Vp8Payload.temporalLayer(buf, 0, buf.length)).isEqualTo(2);
        assertThat(Vp8Payload.keyframeWidth(buf, 0, buf.length)).isEqualTo(-1);
    }

    @Test
    void rewritesPictureIdAndTl0PicIdxInPlaceKeepingTheFieldWidth() {
        byte[] buf = EXTENDED_INTER.clone();
        assertThat(Vp8Payload.setPictureId(buf, 0, buf.length, 0x8001)).isTrue();
        assertThat(Vp8Payload.setTl0PicIdx(buf, 0, buf.length, 0x106)).isTrue();
        assertThat(Hex.of(buf, 0, buf.length)).isEqualTo("90 e0 80 01 06 a0 51 00 00");

        byte[] shortId = Hex.bytes("90 80 7f 10 00");
        assertThat(Vp8Payload.pictureId(shortId, 0, 5)).isEqualTo(0x7F);
        assertThat(Vp8Payload.hasLongPictureId(shortId, 0, 5)).isFalse();
        assertThat(Vp8Payload.isKeyframe(shortId, 0, 5)).isTrue();
        assertThat(Vp8Payload.setPictureId(shortId, 0, 5, 0x80)).isTrue();
        assertThat(Hex.of(shortId, 0, 5)).isEqualTo("90 80 00 10 00");
        assertThat(Vp8Payload.setTl0PicIdx(shortId, 0, 5, 1)).as("no L field").isFalse();
    }

    @Test
    void onlyTheStartOfPartitionZeroCanBeAKeyframe() {
        assertThat(Vp8Payload.isKeyframe(Hex.bytes("00 50 01 00"), 0, 4)).as("S=0").isFalse();
        assertThat(Vp8Payload.isKeyframe(Hex.bytes("11 50 01 00"), 0, 4)).as("partition 1").isFalse();
        assertThat(Vp8Payload.isKeyframe(Hex.bytes("10 51 01 00"), 0, 4)).as("P=1").isFalse();
        assertThat(Vp8Payload.isKeyframe(Hex.bytes("10"), 0, 1)).as("no payload").isFalse();
    }

    @Test
    void temporalLayerNeedsTheTBit() {
        byte[] keyIdxOnly = Hex.bytes("90 10 a0 51");
        assertThat(Vp8Payload.descriptorLength(keyIdxOnly, 0, 4)).isEqualTo(3);
        assertThat(Vp8Payload.temporalLayer(keyIdxOnly, 0, 4)).isEqualTo(-1);
    }

    @Test
    void truncatedDescriptorsAreRejected() {
        assertThat(Vp8Payload.descriptorLength(Hex.bytes("90"), 0, 1)).isEqualTo(-1);
        assertThat(Vp8Payload.descriptorLength(Hex.bytes("90 80"), 0, 2)).isEqualTo(-1);
        assertThat(Vp8Payload.descriptorLength(Hex.bytes("90 80 92"), 0, 3)).isEqualTo(-1);
        assertThat(Vp8Payload.pictureId(Hex.bytes("90 e0 92 34 05"), 0, 5)).as("TID byte missing").isEqualTo(-1);
        assertThat(Vp8Payload.isKeyframe(new byte[0], 0, 0)).isFalse();
        assertThat(Vp8Payload.isKeyframe(KEYFRAME, 10, 5)).isFalse();
    }
}
