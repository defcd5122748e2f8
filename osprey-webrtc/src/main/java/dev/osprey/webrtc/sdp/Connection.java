package dev.osprey.webrtc.sdp;

/** A c= line (or the address part of a=rtcp). */
public record Connection(String netType, String addrType, String address) {

    /** {@code IN IP4 0.0.0.0}, the placeholder JSEP uses when no candidate is known. */
    public static final Connection ANY_IP4 = new Connection("IN", "IP4", "0.0.0.0");

    /** An IN connection for a literal address; IPv6 when the address contains a colon. */
    public static Connection of(String address) {
        return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    String value() {
        return netType + ' ' + addrType + ' ' + address;
    }
}
