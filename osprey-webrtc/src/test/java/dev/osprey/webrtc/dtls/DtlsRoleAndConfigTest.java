package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DtlsRoleAndConfigTest {

    @Test
    void answeringActpassMakesUsThePassiveServer() {
        assertThat(DtlsRole.forAnswerTo("actpass")).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.forAnswerTo(" ACTIVE ")).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.forAnswerTo("passive")).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.SERVER.setupAttribute()).isEqualTo("passive");
        assertThat(DtlsRole.CLIENT.setupAttribute()).isEqualTo("active");
        assertThatThrownBy(() -> DtlsRole.forAnswerTo("holdconn")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsRole.forAnswerTo(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localSetupMapsToRole() {
        assertThat(DtlsRole.forLocalSetup("active")).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.forLocalSetup("passive")).isEqualTo(DtlsRole.SERVER);
        assertThatThrownBy(() -> DtlsRole.forLocalSetup("actpass")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DtlsConfig config = DtlsConfig.defaults();
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.initialRetransmit()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.srtpProfiles()).containsExactly(0x0007, 0x0001);
        assertThat(config.receiveLimit()).isEqualTo(1500);
        assertThat(config.sendLimit()).isEqualTo(1200);
        assertThat(config.queueCapacity()).isEqualTo(32);
        assertThat(config.withSendLimit(200).sendLimit()).isEqualTo(200);
        assertThat(config.withSendLimit(1200)).isEqualTo(config);
    }

    @Test
    void rejectsUnsafeSettings() {
        DtlsConfig d = DtlsConfig.defaults();
        assertThatThrownBy(() -> new DtlsConfig(d.handshakeTimeout(), d.initialRetransmit(), d.srtpProfiles(),
                1400, 1200, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withHandshakeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withSrtpProfiles()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withSrtpProfiles(0x0002)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withSendLimit(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profileArrayCannotBeChangedFromOutside() {
        int[] profiles = {DtlsSrtpProfile.AEAD_AES_128_GCM};
        DtlsConfig config = DtlsConfig.defaults().withSrtpProfiles(profiles);
        profiles[0] = 0x0002;
        config.srtpProfiles()[0] = 0x0002;
        assertThat(config.srtpProfiles()).containsExactly(DtlsSrtpProfile.AEAD_AES_128_GCM);
    }
}
