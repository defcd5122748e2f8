package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DtlsSrtpKeysTest {

    private static byte[] counting(int length) {
        byte[] material = new byte[length];
        for (int i = 0; i < length; i++) {
            material[i] = (byte) i;
        }
        return material;
    }

    private static byte[] range(int from, int length) {
        return Arrays.copyOfRange(counting(from + length), from, from + length);
    }

    @Test
    void gcmMaterialIsSplitClientKeyServerKeyClientSaltServerSalt() {
        byte[] material = counting(56);
        DtlsSrtpKeys client = DtlsSrtpKeys.fromKeyingMaterial(DtlsSrtpProfile.AEAD_AES_128_GCM, material, DtlsRole.CLIENT);
        DtlsSrtpKeys server = DtlsSrtpKeys.fromKeyingMaterial(DtlsSrtpProfile.AEAD_AES_128_GCM, material, DtlsRole.SERVER);

        assertThat(client.localKey()).isEqualTo(range(0, 16));
        assertThat(client.remoteKey()).isEqualTo(range(16, 16));
        assertThat(client.localSalt()).isEqualTo(range(32, 12));
        assertThat(client.remoteSalt()).isEqualTo(range(44, 12));
        assertThat(server.localKey()).isEqualTo(client.remoteKey());
        assertThat(server.remoteKey()).isEqualTo(client.localKey());
        assertThat(server.localSalt()).isEqualTo(client.remoteSalt());
        assertThat(server.remoteSalt()).isEqualTo(client.localSalt());
        assertThat(server.profileId()).isEqualTo(7);
    }

    @Test
    void cmMaterialUses14ByteSalts() {
        byte[] material = counting(60);
        DtlsSrtpKeys server = DtlsSrtpKeys.fromKeyingMaterial(
                DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80, material, DtlsRole.SERVER);
        assertThat(server.remoteKey()).isEqualTo(range(0, 16));
        assertThat(server.localKey()).isEqualTo(range(16, 16));
        assertThat(server.remoteSalt()).isEqualTo(range(32, 14));
        assertThat(server.localSalt()).isEqualTo(range(46, 14));
        assertThat(DtlsSrtpProfile.keyingMaterialLength(DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80)).isEqualTo(60);
        assertThat(DtlsSrtpProfile.keyingMaterialLength(DtlsSrtpProfile.AEAD_AES_128_GCM)).isEqualTo(56);
    }

    @Test
    void wrongMaterialLengthIsRejectedAndToStringHidesKeys() {
        assertThatThrownBy(() -> DtlsSrtpKeys.fromKeyingMaterial(DtlsSrtpProfile.AEAD_AES_128_GCM, new byte[60], DtlsRole.CLIENT))
                .isInstanceOf(IllegalArgumentException.class);
        DtlsSrtpKeys keys = DtlsSrtpKeys.fromKeyingMaterial(DtlsSrtpProfile.AEAD_AES_128_GCM, counting(56), DtlsRole.CLIENT);
        assertThat(keys).hasToString("DtlsSrtpKeys[SRTP_AEAD_AES_128_GCM]");
    }

    @Test
    void profileSelectionFollowsLocalPreference() {
        int gcm = DtlsSrtpProfile.AEAD_AES_128_GCM;
        int cm = DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80;
        assertThat(DtlsSrtpProfile.select(new int[] {gcm, cm}, new int[] {cm, 2, gcm})).isEqualTo(gcm);
        assertThat(DtlsSrtpProfile.select(new int[] {cm, gcm}, new int[] {gcm, cm})).isEqualTo(cm);
        assertThat(DtlsSrtpProfile.select(new int[] {gcm}, new int[] {cm, 2})).isEqualTo(-1);
    }
}
