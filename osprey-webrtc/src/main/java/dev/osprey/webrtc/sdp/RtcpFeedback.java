package dev.osprey.webrtc.sdp;

/** One a=rtcp-fb entry (RFC 4585), e.g. type {@code nack} with parameter {@code pli}; parameter may be null. */
public record RtcpFeedback(String type, String parameter) {

    public static final RtcpFeedback NACK = new RtcpFeedback("nack", null);
    public static final RtcpFeedback NACK_PLI = new RtcpFeedback("nack", "pli");
    public static final RtcpFeedback CCM_FIR = new RtcpFeedback("ccm", "fir");
    public static final RtcpFeedback GOOG_REMB = new RtcpFeedback("goog-remb", null);
    public static final RtcpFeedback TRANSPORT_CC = new RtcpFeedback("transport-cc", null);

    /** The text after the payload type, e.g. {@code nack pli}. */
    public String text() {
        return parameter == null ? type : type + ' ' + parameter;
    }
}
