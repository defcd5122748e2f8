package dev.osprey.webrtc.dtls;

/**
 * A structural check of the DTLS records in a datagram (RFC 6347 §4.1, §4.2.2), applied once the handshake
 * is over. BouncyCastle treats a malformed plaintext handshake record (epoch 0) as a fatal decode_error and
 * tears the connection down, so one forged datagram from the peer's address could end a live session;
 * datagrams that are not well-formed DTLS 1.x records are dropped here instead.
 */
final class DtlsRecordCheck {
    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int APPLICATION_DATA = 23;
    private static final int HANDSHAKE = 22;

    private DtlsRecordCheck() {
    }

    /** True when the datagram is a sequence of DTLS 1.0/1.2 records whose lengths fit exactly. */
    static boolean wellFormed(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        if (len < RECORD_HEADER) {
            return false;
        }
        while (pos < end) {
            if (end - pos < RECORD_HEADER) {
                return false;
            }
            int type = buf[pos] & 0xFF;
            int major = buf[pos + 1] & 0xFF;
            int minor = buf[pos + 2] & 0xFF;
            int epoch = ((buf[pos + 3] & 0xFF) << 8) | (buf[pos + 4] & 0xFF);
            int length = ((buf[pos + 11] & 0xFF) << 8) | (buf[pos + 12] & 0xFF);
            int body = pos + RECORD_HEADER;
            if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA || major != 0xFE
                    || (minor != 0xFD && minor != 0xFF) || length > end - body) {
                return false;
            }
            if (type == HANDSHAKE && epoch == 0 && !plaintextHandshake(buf, body, length)) {
                return false;
            }
            pos = body + length;
        }
        return true;
    }

    /** An unencrypted handshake fragment: its header agrees with the record and with itself. */
    private static boolean plaintextHandshake(byte[] buf, int off, int length) {
        if (length < HANDSHAKE_HEADER) {
            return false;
        }
        int messageLength = u24(buf, off + 1);
        int fragmentOffset = u24(buf, off + 6);
        int fragmentLength = u24(buf, off + 9);
        return fragmentLength == length - HANDSHAKE_HEADER && fragmentOffset + fragmentLength <= messageLength;
    }

    private static int u24(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 16) | ((buf[off + 1] & 0xFF) << 8) | (buf[off + 2] & 0xFF);
    }
}
