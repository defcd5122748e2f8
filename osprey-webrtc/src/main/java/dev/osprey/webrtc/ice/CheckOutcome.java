package dev.osprey.webrtc.ice;

/** What an {@link IceLiteAgent} did with one incoming STUN message. */
public enum CheckOutcome {
    /** Valid check answered with a success response; the pair is valid but not (newly) selected. */
    ACCEPTED,
    /** Valid check with USE-CANDIDATE: answered, and its source is now the selected address. */
    NOMINATED,
    /** Missing USERNAME or MESSAGE-INTEGRITY: dropped, not answered. */
    BAD_REQUEST,
    /** Wrong USERNAME or MESSAGE-INTEGRITY: dropped, not answered. */
    UNAUTHORIZED,
    /** Unknown comprehension-required attribute: answered 420. */
    UNKNOWN_ATTRIBUTE,
    /** The peer claims the controlled role too: answered 487. */
    ROLE_CONFLICT,
    /**
     * A nomination that would move the selected address again within
     * {@link IceLiteAgent#MIN_ADDRESS_CHANGE_INTERVAL}: dropped, not answered, so the peer retries it.
     */
    ADDRESS_CHANGE_TOO_SOON,
    /** Authenticated, but shorter than its answer would be (not a check as RFC 8445 builds it): dropped. */
    SHORTER_THAN_ANSWER,
    /** Not a request for this agent (indication, response, bad FINGERPRINT, agent expired): dropped. */
    IGNORED
}
