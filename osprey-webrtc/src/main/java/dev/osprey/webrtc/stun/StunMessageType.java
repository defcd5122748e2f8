package dev.osprey.webrtc.stun;

/** The message types ICE exchanges: the Binding method in its four classes (RFC 8489 §5). */
public final class StunMessageType {
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS_RESPONSE = 0x0101;
    public static final int BINDING_ERROR_RESPONSE = 0x0111;

    /** The method bits of a message type, without the class bits. */
    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    private StunMessageType() {
    }
}
