package dev.osprey.media.service.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class RoomPayloadTypesTest {
    private static final String V = MediaSection.VIDEO;
    private static final String A = MediaSection.AUDIO;

    static RtpCodec vp8(int pt) {
        return RtpCodec.of(pt, "VP8", 90000, null);
    }

    static RtpCodec h264(int pt, String profileLevelId, String mode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("level-asymmetry-allowed", "1");
        if (mode != null) {
            p.put("packetization-mode", mode);
        }
        p.put("profile-level-id", profileLevelId);
        return new RtpCodec(pt, "H264", 90000, null, p, List.of());
    }

    static RtpCodec vp9(int pt, String profile) {
        return new RtpCodec(pt, "VP9", 90000, null, profile == null ? Map.of() : Map.of("profile-id", profile), List.of());
    }

    static RtpCodec rtx(int pt, int apt) {
        return RtpCodec.rtx(pt, 90000, apt);
    }

    @Test
    void startsWithOpusAndVp8UnderTheUsualNumbers() {
        RoomPayloadTypes t = new RoomPayloadTypes();
        assertThat(t.placeholder(A).rtpmapValue()).isEqualTo("opus/48000/2");
        assertThat(t.placeholder(A).payloadType()).isEqualTo(111);
        assertThat(t.placeholder(V).rtpmapValue()).isEqualTo("VP8/90000");
        assertThat(t.placeholder(V).payloadType()).isEqualTo(96);
    }

    @Test
    void oneCodecUnderDifferentPublisherNumbersSharesOneConnectionNumber() {
        RoomPayloadTypes t = new RoomPayloadTypes();
        RoomPayloadTypes.Entry chromium = t.entry(V, vp8(96), rtx(97, 96));
        RoomPayloadTypes.Entry firefox = t.entry(V, vp8(120), rtx(124, 120));
        assertThat(chromium.payloadType()).isEqualTo(96);
        assertThat(firefox).isEqualTo(chromium);
        assertThat(chromium.rtxPayloadType()).isEqualTo(97);
    }

    @Test
    void conflictingPublishersGetDistinctNumbersAndRtxPointsAtItsCodec() {
        RoomPayloadTypes t = new RoomPayloadTypes();
        RoomPayloadTypes.Entry vp8 = t.entry(V, vp8(120), rtx(124, 120));
        // Another browser uses 96 (VP8 in this connection) for H264 and 97 (taken by nothing yet) for its rtx.
        RoomPayloadTypes.Entry h264 = t.entry(V, h264(96, "42e01f", "1"), rtx(97, 96));
        RoomPayloadTypes.Entry h264Mode0 = t.entry(V, h264(98, "42e01f", null), rtx(99, 98));
        RoomPayloadTypes.Entry vp9 = t.entry(V, vp9(98, "2"), null);

        assertThat(vp8.payloadType()).isEqualTo(96);
        assertThat(vp8.rtxPayloadType()).isEqualTo(124);
        assertThat(h264.payloadType()).isEqualTo(97);
        assertThat(h264.rtxPayloadType()).isEqualTo(98);
        assertThat(h264Mode0.payloadType()).as("packetization-mode 0 is another codec").isEqualTo(99);
        assertThat(h264Mode0.rtxPayloadType()).isEqualTo(100);
        assertThat(vp9.payloadType()).isEqualTo(101);
        assertThat(vp9.hasRtx()).isFalse();
        assertThat(h264.codec().fmtpValue()).as("the publisher's fmtp, offered as is")
                .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        assertThat(t.entries()).extracting(RoomPayloadTypes.Entry::payloadType).doesNotHaveDuplicates();
    }

    @Test
    void knownCodecsKeepTheirNumbersAndGainRtxLater() {
        RoomPayloadTypes t = new RoomPayloadTypes();
        RoomPayloadTypes.Entry h264 = t.entry(V, h264(102, "42E01F", "1"), null);
        assertThat(h264.hasRtx()).isFalse();
        RoomPayloadTypes.Entry again = t.entry(V, h264(126, "42e01f", "1"), rtx(127, 126));
        assertThat(again.payloadType()).isEqualTo(102);
        assertThat(again.rtxPayloadType()).isEqualTo(127);
        assertThat(again.codec()).isEqualTo(h264.codec());
        assertThat(t.entry(V, h264(100, "42e01f", "1"), rtx(101, 100))).isEqualTo(again);
    }

    @Test
    void runsOutOfNumbersWithoutReusingOne() {
        RoomPayloadTypes t = new RoomPayloadTypes();
        int distinct = 0;
        for (int level = 0; level < 80; level++) {
            if (t.entry(V, h264(96, String.format("42e0%02x", level), "1"), null) != null) {
                distinct++;
            }
        }
        // 96–127 and 35–63 minus Opus and VP8
        assertThat(distinct).isEqualTo(32 + 29 - 2);
        assertThat(t.entries()).extracting(RoomPayloadTypes.Entry::payloadType).doesNotHaveDuplicates()
                .allMatch(pt -> pt >= 96 && pt <= 127 || pt >= 35 && pt <= 63);
    }
}
