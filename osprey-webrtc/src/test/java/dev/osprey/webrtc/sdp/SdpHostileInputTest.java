package dev.osprey.webrtc.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SdpHostileInputTest {

    private static final String HEADER = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    @Test
    void inputOverTheSizeLimitIsRejectedBeforeParsing() {
        String huge = HEADER + "a=x:" + "y".repeat(300 * 1024) + "\r\n";
        expect(() -> SdpParser.parse(huge), 0, "SDP of " + huge.length() + " characters exceeds the limit of 262144");
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        expect(() -> SdpParser.parse(bytes), 0, "SDP of " + bytes.length + " bytes exceeds the limit of 262144");
    }

    @Test
    void binaryGarbageIsRejected() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[1 + random.nextInt(8192)];
            random.nextBytes(garbage);
            within(() -> assertThatThrownBy(() -> SdpParser.parse(garbage)).isInstanceOf(SdpParseException.class));
        }
        expect(() -> SdpParser.parse(new byte[] {'v', '=', '0', '\r', '\n', (byte) 0xC3, 0x28}), 0,
                "SDP is not valid UTF-8");
        expect(() -> SdpParser.parse("v=0\r\no=- 1 1 IN\u0000IP4 0.0.0.0\r\n"), 2, "control character 0x0 in line");
    }

    @Test
    void missingVersionLineIsRejected() {
        expect(() -> SdpParser.parse(HEADER.substring(5)), 1, "SDP must start with v=0, got 'o=- 1 1 IN IP4 0.0.0.0'");
    }

    @Test
    void tenThousandMediaSectionsStopAtTheLimit() {
        String sdp = HEADER + "m=audio 9 RTP/AVP 0\r\n".repeat(10_000);
        expect(() -> SdpParser.parse(sdp), 4 + 257, "more than 256 media sections");
    }

    @Test
    void veryLongLineIsRejected() {
        String sdp = HEADER + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=fmtp:0 " + "k=v;".repeat(20_000) + "\r\n";
        expect(() -> SdpParser.parse(sdp), 6, "line longer than 4096 characters");
    }

    @Test
    void tooManyLinesAreRejected() {
        String sdp = HEADER + "a=x\r\n".repeat(30_000);
        expect(() -> SdpParser.parse(sdp), 20_001, "more than 20000 lines");
    }

    @Test
    void customLimitsApply() {
        SdpParser strict = new SdpParser(new SdpLimits(1024, 10, 1, 80));
        assertThatThrownBy(() -> strict.parseText(HEADER + "m=audio 9 RTP/AVP 0\r\nm=video 9 RTP/AVP 96\r\n"))
                .isInstanceOfSatisfying(SdpParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(6));
        assertThat(strict.parseText(HEADER + "m=audio 9 RTP/AVP 0\r\n").media()).hasSize(1);
    }

    @Test
    void maximalValidInputParsesQuickly() {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int m = 0; m < 256; m++) {
            sb.append("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:").append(m).append("\r\na=rtpmap:96 VP8/90000\r\n")
                    .append("a=rtcp-fb:96 nack\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n");
        }
        String sdp = sb.toString();
        within(() -> assertThat(SdpParser.parse(sdp).media()).hasSize(256));
    }

    private static void expect(Executable parse, int line, String reason) {
        within(() -> assertThatThrownBy(parse::execute).isInstanceOfSatisfying(SdpParseException.class, e -> {
            assertThat(e.lineNumber()).isEqualTo(line);
            assertThat(e.reason()).isEqualTo(reason);
        }));
    }

    private static void within(Executable check) {
        assertTimeoutPreemptively(Duration.ofSeconds(2), check);
    }
}
