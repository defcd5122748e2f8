package dev.osprey.webrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One payload type of an RTP media section, assembled from its a=rtpmap, a=fmtp and a=rtcp-fb lines.
 *
 * @param payloadType 0..127
 * @param name        encoding name as written (e.g. {@code VP8}, {@code opus}); null when there is no a=rtpmap
 * @param clockRate   clock rate in Hz; 0 when there is no a=rtpmap
 * @param channels    audio channel count, null when the rtpmap has none
 * @param parameters  fmtp parameters in their original order; a value is null for bare tokens such as {@code 0-15}
 * @param feedback    a=rtcp-fb entries for this payload type, in order
 */
public record RtpCodec(int payloadType, String name, int clockRate, Integer channels,
                       Map<String, String> parameters, List<RtcpFeedback> feedback) {

    public RtpCodec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        feedback = List.copyOf(feedback);
    }

    public static RtpCodec of(int payloadType, String name, int clockRate, Integer channels) {
        return new RtpCodec(payloadType, name, clockRate, channels, Map.of(), List.of());
    }

    /** An rtx codec (RFC 4588) repairing {@code associatedPayloadType}. */
    public static RtpCodec rtx(int payloadType, int clockRate, int associatedPayloadType) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("apt", Integer.toString(associatedPayloadType));
        return new RtpCodec(payloadType, "rtx", clockRate, null, p, List.of());
    }

    public RtpCodec withParameters(Map<String, String> newParameters) {
        return new RtpCodec(payloadType, name, clockRate, channels, newParameters, feedback);
    }

    public RtpCodec withFeedback(List<RtcpFeedback> newFeedback) {
        return new RtpCodec(payloadType, name, clockRate, channels, parameters, newFeedback);
    }

    /** True when the encoding name equals {@code encoding}, ignoring case as RFC 4855 requires. */
    public boolean is(String encoding) {
        return name != null && name.equalsIgnoreCase(encoding);
    }

    public boolean isRtx() {
        return is("rtx");
    }

    /** fmtp parameter value, or null. Keys compare case-insensitively. */
    public String parameter(String key) {
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The payload type an rtx codec repairs (fmtp {@code apt}), or -1. */
    public int associatedPayloadType() {
        String apt = parameter("apt");
        if (apt == null || apt.isEmpty() || apt.length() > 3) {
            return -1;
        }
        for (int i = 0; i < apt.length(); i++) {
            if (apt.charAt(i) < '0' || apt.charAt(i) > '9') {
                return -1;
            }
        }
        int v = Integer.parseInt(apt);
        return v <= 127 ? v : -1;
    }

    /** e.g. {@code opus/48000/2}, or null without an rtpmap. */
    public String rtpmapValue() {
        if (name == null) {
            return null;
        }
        return channels == null ? name + '/' + clockRate : name + '/' + clockRate + '/' + channels;
    }

    /** The fmtp text after the payload type (e.g. {@code minptime=10;useinbandfec=1}), or null without parameters. */
    public String fmtpValue() {
        if (parameters.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(e.getKey());
            if (e.getValue() != null) {
                sb.append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        String map = rtpmapValue();
        return payloadType + (map == null ? "" : " " + map) + (parameters.isEmpty() ? "" : " " + fmtpValue());
    }
}
