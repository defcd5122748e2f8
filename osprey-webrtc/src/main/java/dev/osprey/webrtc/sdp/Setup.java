package dev.osprey.webrtc.sdp;

/** The a=setup value (RFC 4145 / RFC 8842) deciding the DTLS client/server role. */
public enum Setup {
    ACTPASS, ACTIVE, PASSIVE, HOLDCONN;

    public String sdpName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Setup fromSdp(String value) {
        for (Setup s : values()) {
            if (s.sdpName().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
