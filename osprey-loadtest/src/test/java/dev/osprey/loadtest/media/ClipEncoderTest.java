package dev.osprey.loadtest.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.webrtc.rtp.codec.H264Payload;
import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encodes real clips with bytedeco FFmpeg (small size, so the test stays quick). */
class ClipEncoderTest {

    @Test
    void vp8ClipHasAKeyframeEverySecondAndRoughlyTheRequestedBitrate() throws Exception {
        MediaClip clip = ClipEncoder.encode(Codec.VP8, 320, 180, 15, 400_000, 2);

        assertThat(clip.video().size()).isEqualTo(30);
        for (int i = 0; i < clip.video().size(); i++) {
            PacketizedFrame f = clip.video().get(i);
            assertThat(f.keyframe()).as("frame %d", i).isEqualTo(i % 15 == 0);
            byte[] first = f.payloads().get(0);
            // VP8 frame tag bit P (RFC 6386 §9.1): 0 on keyframes, after the 4-byte descriptor.
            assertThat(first[Vp8Payload.descriptorLength(first, 0, first.length)] & 1).isEqualTo(f.keyframe() ? 0 : 1);
            assertThat(Vp8Payload.isKeyframe(first, 0, first.length)).isEqualTo(f.keyframe());
        }
        assertThat(clip.videoBitrate()).isBetween(200_000L, 800_000L);
        assertThat(clip.audio().size()).isEqualTo(100);
        assertThat(clip.audio()).allSatisfy(p -> assertThat(p.length).isBetween(3, 1275));
    }

    @Test
    void h264ClipStartsWithParameterSetsAndAnIdrAndHasConstrainedBaselineSps() throws Exception {
        MediaClip clip = ClipEncoder.encode(Codec.H264, 320, 180, 15, 400_000, 1);

        assertThat(clip.video().size()).isEqualTo(15);
        PacketizedFrame key = clip.video().get(0);
        assertThat(key.keyframe()).isTrue();
        List<Integer> types = new ArrayList<>();
        for (byte[] p : key.payloads()) {
            types.add(p[0] & 0x1F);
        }
        assertThat(types.get(0)).isEqualTo(H264Payload.STAP_A);
        byte[] stap = key.payloads().get(0);
        assertThat(stap[3] & 0x1F).isEqualTo(7); // first aggregated unit: SPS
        assertThat(stap[4] & 0xFF).isEqualTo(66); // profile_idc baseline
        assertThat(stap[5] & 0x40).isNotZero();   // constraint_set1: constrained baseline
        int idr = key.payloads().get(1)[0] & 0x1F;
        int fragmented = key.payloads().get(1)[1] & 0x1F;
        assertThat(idr == 5 || idr == H264Payload.FU_A && fragmented == 5).isTrue();
        assertThat(clip.video().get(1).keyframe()).isFalse();
    }
}
