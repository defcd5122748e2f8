package dev.osprey.media.service.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.sdp.RtpCodec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class CodecKeyTest {

    private static RtpCodec h264(int pt, String profileLevelId, String mode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("level-asymmetry-allowed", "1");
        if (mode != null) {
            p.put("packetization-mode", mode);
        }
        p.put("profile-level-id", profileLevelId);
        return new RtpCodec(pt, "H264", 90000, null, p, List.of());
    }

    private static RtpCodec vp9(int pt, String profile) {
        return new RtpCodec(pt, "VP9", 90000, null, profile == null ? Map.of() : Map.of("profile-id", profile),
                List.of());
    }

    @Test
    void ignoresCaseAndDefaultsButNotProfiles() {
        assertThat(CodecKey.of(vp9(98, null))).isEqualTo(CodecKey.of(vp9(100, "0")));
        assertThat(CodecKey.of(vp9(98, "2"))).isNotEqualTo(CodecKey.of(vp9(98, "0")));
        assertThat(CodecKey.of(h264(1, "42e01f", "1"))).isEqualTo(CodecKey.of(h264(2, "42E01F", "1")));
        assertThat(CodecKey.of(h264(1, "42e01f", "1"))).isNotEqualTo(CodecKey.of(h264(1, "640c1f", "1")));
        assertThat(CodecKey.of(RtpCodec.of(1, "OPUS", 48000, 2)))
                .isEqualTo(CodecKey.of(RtpCodec.of(111, "opus", 48000, 2)));
    }
}
