package dev.osprey.webrtc.dtls;

/** Thrown by {@link DtlsFingerprint#parse(String)} when an SDP fingerprint value is malformed or uses an unknown hash. */
public final class InvalidFingerprintException extends IllegalArgumentException {
    public InvalidFingerprintException(String message) {
        super(message);
    }
}
