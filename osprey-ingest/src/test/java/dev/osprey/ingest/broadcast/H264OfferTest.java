package dev.osprey.ingest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H264OfferTest {
    @Test
    void baselineStreamsAreOfferedAsTheyAre() {
        assertThat(H264Offer.profileLevelId("42c00d")).isEqualTo("42c00d");
        assertThat(H264Offer.profileLevelId("42E01F")).isEqualTo("42e01f");
    }

    @Test
    void mainAndHighStreamsAreOfferedAsConstrainedBaselineOfTheirLevel() {
        assertThat(H264Offer.profileLevelId("64001e")).isEqualTo("42e01e");
        assertThat(H264Offer.profileLevelId("4d0028")).isEqualTo("42e028");
    }
}
