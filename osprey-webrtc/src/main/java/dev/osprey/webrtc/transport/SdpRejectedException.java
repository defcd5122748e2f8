package dev.osprey.webrtc.transport;

/**
 * A remote description this endpoint cannot use: unparsable SDP, no acceptable section, missing ICE
 * credentials or fingerprint, an unusable {@code a=setup}. The message is safe to report to the client.
 */
public final class SdpRejectedException extends Exception {
    public SdpRejectedException(String message) {
        super(message, null, false, false);
    }
}
