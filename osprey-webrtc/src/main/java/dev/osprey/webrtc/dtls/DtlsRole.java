package dev.osprey.webrtc.dtls;

import java.util.Locale;

/** Which side of the DTLS handshake this endpoint plays; derived from the SDP {@code a=setup} attribute (RFC 5763). */
public enum DtlsRole {
    /** Waits for the ClientHello ({@code a=setup:passive}). */
    SERVER,
    /** Sends the ClientHello ({@code a=setup:active}). */
    CLIENT;

    /**
     * The role for our own negotiated setup value: {@code active} is the DTLS client, {@code passive} the server.
     *
     * @throws IllegalArgumentException for {@code actpass} (not yet negotiated) or an unknown value
     */
    public static DtlsRole forLocalSetup(String localSetup) {
        return switch (normalize(localSetup)) {
            case "active" -> CLIENT;
            case "passive" -> SERVER;
            default -> throw new IllegalArgumentException("local setup must be active or passive: " + localSetup);
        };
    }

    /**
     * The role we take when answering an offer with the given {@code a=setup}: an {@code actpass} or
     * {@code active} offerer leaves us passive (DTLS server); a {@code passive} offerer makes us the client.
     *
     * @throws IllegalArgumentException for an unknown value ({@code holdconn} included)
     */
    public static DtlsRole forAnswerTo(String remoteOfferSetup) {
        return switch (normalize(remoteOfferSetup)) {
            case "actpass", "active" -> SERVER;
            case "passive" -> CLIENT;
            default -> throw new IllegalArgumentException("unusable remote setup: " + remoteOfferSetup);
        };
    }

    /** The {@code a=setup} value an answer carries for this role. */
    public String setupAttribute() {
        return this == SERVER ? "passive" : "active";
    }

    private static String normalize(String setup) {
        return setup == null ? "" : setup.strip().toLowerCase(Locale.ROOT);
    }
}
