package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtlsRecordCheckTest {

    private static byte[] record(int type, int minor, int epoch, byte[] body) {
        byte[] r = new byte[13 + body.length];
        r[0] = (byte) type;
        r[1] = (byte) 0xFE;
        r[2] = (byte) minor;
        r[3] = (byte) (epoch >> 8);
        r[4] = (byte) epoch;
        r[11] = (byte) (body.length >> 8);
        r[12] = (byte) body.length;
        System.arraycopy(body, 0, r, 13, body.length);
        return r;
    }

    /** A handshake fragment: type, message length, sequence, fragment offset and length, then the bytes. */
    private static byte[] handshake(int messageLength, int fragmentOffset, int fragmentLength) {
        byte[] h = new byte[12 + fragmentLength];
        h[0] = 20; // finished
        h[3] = (byte) messageLength;
        h[8] = (byte) fragmentOffset;
        h[11] = (byte) fragmentLength;
        return h;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean check(byte[] d) {
        return DtlsRecordCheck.wellFormed(d, 0, d.length);
    }

    @Test
    void recordsOfAPeerPass() {
        assertThat(check(record(23, 0xFD, 1, new byte[48]))).isTrue();
        assertThat(check(record(21, 0xFD, 1, new byte[26]))).isTrue();
        // a retransmitted final flight: plaintext handshake, change_cipher_spec, encrypted handshake
        byte[] flight = concat(concat(record(22, 0xFD, 0, handshake(12, 0, 12)), record(20, 0xFD, 0, new byte[] {1})),
                record(22, 0xFD, 1, new byte[40]));
        assertThat(check(flight)).isTrue();
        assertThat(check(record(22, 0xFF, 0, handshake(30, 10, 20)))).isTrue();
    }

    @Test
    void malformedDatagramsAreRefused() {
        assertThat(check(new byte[5])).isFalse();
        assertThat(check(record(30, 0xFD, 1, new byte[8]))).isFalse(); // unknown content type
        assertThat(check(record(23, 0x03, 1, new byte[8]))).isFalse(); // TLS, not DTLS
        byte[] longer = record(23, 0xFD, 1, new byte[8]);
        longer[11] = (byte) 0xFF; // length beyond the datagram
        assertThat(check(longer)).isFalse();
        byte[] trailing = concat(record(23, 0xFD, 1, new byte[8]), new byte[4]);
        assertThat(check(trailing)).isFalse();
        assertThat(check(record(22, 0xFD, 0, new byte[5]))).isFalse(); // shorter than a handshake header
        byte[] fragment = handshake(12, 0, 12);
        fragment[11] = 40; // fragment length disagrees with the record
        assertThat(check(record(22, 0xFD, 0, fragment))).isFalse();
        assertThat(check(record(22, 0xFD, 0, handshake(12, 8, 12)))).isFalse(); // past the message's end
        // encrypted handshake records (epoch 1) are opaque: only their record header is checked
        assertThat(check(record(22, 0xFD, 1, new byte[5]))).isTrue();
    }
}
