package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SPS NAL units produced by libx264 (ffmpeg testsrc), with emulation-prevention bytes in place. */
class H264SpsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "high 1280x720,  67 64 00 1f ac d9 40 50 05 bb 01 10 00 00 03 00 10 00 00 03 00 20 f1 83 19 60, 100, 31, 1280, 720",
            "high 1920x1080 (bottom crop), 67 64 00 28 ac d9 40 78 02 27 e5 c0 44 00 00 03 00 04 00 00 03 00 08 3c 60 c6 58, 100, 40, 1920, 1080",
            "high 642x362 (right and bottom crop), 67 64 00 16 ac d9 40 a4 2f e2 24 c0 44 00 00 03 00 04 00 00 03 00 08 3c 58 b6 58, 100, 22, 642, 362",
            "constrained baseline 320x240, 67 42 c0 0b d9 01 41 fb 01 10 00 00 03 00 10 00 00 03 00 20 f1 42 a4 80, 66, 11, 320, 240",
            "main interlaced 640x480, 67 4d 40 16 ec a0 50 3d b0 11 00 00 03 00 01 00 00 03 00 02 1f 14 29 96, 77, 22, 640, 480",
    })
    void readsPictureSize(String name, String hex, int profile, int level, int width, int height) {
        byte[] nal = Hex.bytes(hex);
        H264Sps sps = new H264Sps();
        assertThat(sps.parse(nal, 0, nal.length)).isTrue();
        assertThat(sps.profileIdc()).isEqualTo(profile);
        assertThat(sps.levelIdc()).isEqualTo(level);
        assertThat(sps.width()).isEqualTo(width);
        assertThat(sps.height()).isEqualTo(height);
    }

    @Test
    void rejectsOtherNalsAndTruncation() {
        byte[] nal = Hex.bytes("67 64 00 1f ac d9 40 50 05 bb 01 10 00 00 03 00 10 00 00 03 00 20 f1 83 19 60");
        H264Sps sps = new H264Sps();
        for (int len = 0; len < 9; len++) {
            assertThat(sps.parse(nal, 0, len)).as("length %d", len).isFalse();
        }
        byte[] pps = nal.clone();
        pps[0] = 0x68;
        assertThat(sps.parse(pps, 0, pps.length)).isFalse();
        assertThat(sps.parse(nal, 5, nal.length)).isFalse();
    }
}
