package dev.osprey.webrtc.sdp.negotiation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class H264ProfileTest {

    @ParameterizedTest
    @CsvSource({
            "42001f, BASELINE",
            "42e01f, CONSTRAINED_BASELINE",
            "42c01f, CONSTRAINED_BASELINE",
            "4d001f, MAIN",
            "4d801f, CONSTRAINED_BASELINE",
            "640c1f, CONSTRAINED_HIGH",
            "640032, HIGH",
            "58c01e, CONSTRAINED_BASELINE",
            "58801e, BASELINE",
    })
    void profilesFromProfileLevelId(String id, H264Profile expected) {
        assertThat(H264Profile.fromProfileLevelId(id)).isEqualTo(expected);
        assertThat(H264Profile.fromProfileLevelId(id.toUpperCase())).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"6e001f", "42001", "zz001f", "4200zz", "420f1f"})
    void unknownOrMalformedIsNull(String id) {
        assertThat(H264Profile.fromProfileLevelId(id)).isNull();
    }

    @org.junit.jupiter.api.Test
    void absentMeansBaseline() {
        assertThat(H264Profile.fromProfileLevelId(null)).isEqualTo(H264Profile.BASELINE);
    }
}
