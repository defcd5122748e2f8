package dev.osprey.webrtc.sdp;

/**
 * The one exception type {@link SdpParser} throws for any input it cannot accept: malformed lines,
 * missing mandatory lines, values out of range and inputs that exceed {@link SdpLimits}.
 * Callers catch this type only; no other exception escapes the parser for bad input.
 */
public final class SdpParseException extends RuntimeException {

    private final int lineNumber;
    private final String reason;

    /**
     * @param lineNumber 1-based line the problem was found on, or 0 when it concerns the whole input
     * @param reason     human-readable explanation without the raw offending text beyond a short excerpt
     */
    public SdpParseException(int lineNumber, String reason) {
        // No stack trace: these are raised by remote input, where a trace says nothing and costs time.
        super(lineNumber > 0 ? "SDP line " + lineNumber + ": " + reason : "SDP: " + reason, null, false, false);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** 1-based line number of the offending line, or 0 when the error is about the input as a whole. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The explanation without the line-number prefix. */
    public String reason() {
        return reason;
    }
}
