package dev.osprey.webrtc.ice;

/** What an {@link IceLiteAgent} did with one incoming STUN message. */
public enum CheckOutcome {
    /** Valid check answered with a success response; the pair is valid but not (newly) selected. */
    ACCEPTED,
    /** Valid check with USE-CANDIDATE: answered, and its source is now the selected address. */
    NOMINATED,
    /** Missing USERNAME or MESSAGE-INTEGRITY: answered 400. */
    BAD_REQUEST,
    /** Wrong USERNAME or MESSAGE-INTEGRITY: answered 401. */
    UNAUTHORIZED,
    /** Unknown comprehension-required attribute: answered 420. */
    UNKNOWN_ATTRIBUTE,
    /** The peer claims the controlled role too: answered 487. */
    ROLE_CONFLICT,
    /** Not a request for this agent (indication, response, bad FINGERPRINT, agent expired): dropped. */
    IGNORED
}
