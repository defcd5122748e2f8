package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Vp9PayloadTest {
    /**
     * I, L, B, V (non-flexible): picture id 0x0123 (15-bit), TID 0 SID 0, TL0PICIDX 7, then a
     * scalability structure: one spatial layer 1280x720 (Y) and one picture group entry (G).
     */
    static final byte[] KEYFRAME = Hex.bytes("aa 81 23 00 07 18 05 00 02 d0 01 00 82 49 83 42");

    @Test
    void keyframeWithScalabilityStructure() {
        assertThat(Vp9Payload.descriptorLength(KEYFRAME, 0, KEYFRAME.length)).isEqualTo(12);
        assertThat(Vp9Payload.isKeyframe(KEYFRAME, 0, KEYFRAME.length)).isTrue();
        assertThat(Vp9Payload.hasScalabilityStructure(KEYFRAME, 0, KEYFRAME.length)).isTrue();
        assertThat(Vp9Payload.isStartOfFrame(KEYFRAME, 0, KEYFRAME.length)).isTrue();
        assertThat(Vp9Payload.isEndOfFrame(KEYFRAME, 0, KEYFRAME.length)).isFalse();
        assertThat(Vp9Payload.pictureId(KEYFRAME, 0, KEYFRAME.length)).isEqualTo(0x0123);
        assertThat(Vp9Payload.spatialLayer(KEYFRAME, 0, KEYFRAME.length)).isZero();
        assertThat(Vp9Payload.temporalLayer(KEYFRAME, 0, KEYFRAME.length)).isZero();
        assertThat(Vp9Payload.tl0PicIdx(KEYFRAME, 0, KEYFRAME.length)).isEqualTo(7);
    }

    @Test
    void upperSpatialLayerAndInterFramesAreNotKeyframes() {
        byte[] sid1 = Hex.bytes("a8 05 02 07 82");
        assertThat(Vp9Payload.spatialLayer(sid1, 0, sid1.length)).isEqualTo(1);
        assertThat(Vp9Payload.isKeyframe(sid1, 0, sid1.length)).isFalse();
        byte[] inter = Hex.bytes("ec 05 20 07 86");
        assertThat(Vp9Payload.isKeyframe(inter, 0, inter.length)).isFalse();
        assertThat(Vp9Payload.isEndOfFrame(inter, 0, inter.length)).isTrue();
        assertThat(Vp9Payload.temporalLayer(inter, 0, inter.length)).isEqualTo(1);
        byte[] middle = Hex.bytes("a0 05 00 07 82");
        assertThat(Vp9Payload.isKeyframe(middle, 0, middle.length)).as("B not set").isFalse();
        byte[] noLayers = Hex.bytes("88 05 82");
        assertThat(Vp9Payload.isKeyframe(noLayers, 0, noLayers.length)).isTrue();
        assertThat(Vp9Payload.spatialLayer(noLayers, 0, noLayers.length)).isEqualTo(-1);
        assertThat(Vp9Payload.tl0PicIdx(noLayers, 0, noLayers.length)).isEqualTo(-1);
    }

    @Test
    void flexibleModeReferenceDiffs() {
        byte[] flexible = Hex.bytes("d8 05 03 04 aa");
        assertThat(Vp9Payload.descriptorLength(flexible, 0, flexible.length)).isEqualTo(4);
        assertThat(Vp9Payload.isKeyframe(flexible, 0, flexible.length)).isFalse();
        byte[] flexibleLayers = Hex.bytes("f8 05 22 03 04 aa");
        assertThat(Vp9Payload.descriptorLength(flexibleLayers, 0, flexibleLayers.length)).as("no TL0PICIDX").isEqualTo(5);
        assertThat(Vp9Payload.tl0PicIdx(flexibleLayers, 0, flexibleLayers.length)).isEqualTo(-1);
        assertThat(Vp9Payload.setTl0PicIdx(flexibleLayers, 0, flexibleLayers.length, 1)).isFalse();
        assertThat(Vp9Payload.spatialLayer(flexibleLayers, 0, flexibleLayers.length)).isEqualTo(1);
        byte[] fourDiffs = Hex.bytes("d8 05 03 03 03 04 aa");
        assertThat(Vp9Payload.descriptorLength(fourDiffs, 0, fourDiffs.length)).isEqualTo(-1);
    }

    @Test
    void rewritesPictureIdAndTl0PicIdx() {
        byte[] buf = KEYFRAME.clone();
        assertThat(Vp9Payload.setPictureId(buf, 0, buf.length, 0xFFFF)).isTrue();
        assertThat(Vp9Payload.setTl0PicIdx(buf, 0, buf.length, 9)).isTrue();
        assertThat(Hex.of(buf, 0, 5)).isEqualTo("aa ff ff 00 09");
        byte[] shortId = Hex.bytes("88 05 82");
        assertThat(Vp9Payload.setPictureId(shortId, 0, 3, 0x1FF)).isTrue();
        assertThat(Hex.of(shortId, 0, 3)).isEqualTo("88 7f 82");
        byte[] noId = Hex.bytes("08 82");
        assertThat(Vp9Payload.setPictureId(noId, 0, 2, 1)).isFalse();
        assertThat(Vp9Payload.pictureId(noId, 0, 2)).isEqualTo(-1);
    }

    @Test
    void truncatedDescriptorsAreRejected() {
        for (int len = 0; len < 12; len++) {
            assertThat(Vp9Payload.descriptorLength(KEYFRAME, 0, len)).as("length %d", len).isEqualTo(-1);
            assertThat(Vp9Payload.isKeyframe(KEYFRAME, 0, len)).isFalse();
        }
        assertThat(Vp9Payload.descriptorLength(KEYFRAME, 0, 12)).isEqualTo(12);
    }
}
