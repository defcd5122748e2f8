package dev.osprey.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A typed ICE candidate (RFC 8839 §5.1):
 * {@code <foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a> rport <p>] {<name> <value>}}.
 * {@code relatedAddress} is null and {@code relatedPort} is -1 when absent.
 */
public record SdpCandidate(String foundation, int component, String transport, long priority,
                           String address, int port, String type,
                           String relatedAddress, int relatedPort,
                           List<Extension> extensions) implements CandidateAttribute {

    /** A trailing name/value pair such as {@code generation 0} or {@code network-id 1}. */
    public record Extension(String name, String value) {
    }

    public SdpCandidate {
        extensions = List.copyOf(extensions);
    }

    /** A host candidate over UDP for component 1 (RTP; rtcp-mux is assumed). */
    public static SdpCandidate host(String foundation, long priority, String address, int port) {
        return new SdpCandidate(foundation, 1, "udp", priority, address, port, "host", null, -1, List.of());
    }

    @Override
    public String value() {
        StringBuilder sb = new StringBuilder(96)
                .append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress).append(" rport ").append(relatedPort);
        }
        for (Extension e : extensions) {
            sb.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return sb.toString();
    }

    /**
     * Types a candidate value, or returns null when it does not follow the grammar exactly (the
     * caller then keeps it raw). Typed candidates write back to exactly the text they came from.
     */
    static SdpCandidate tryParse(String value) {
        String[] t = value.split(" ", -1);
        if (t.length < 8 || (t.length - 8) % 2 != 0 || !"typ".equals(t[6])) {
            return null;
        }
        for (String token : t) {
            if (token.isEmpty()) {
                return null;
            }
        }
        int component = canonicalNumber(t[1], 256);
        long priority = canonicalNumber(t[3], 0xFFFF_FFFFL);
        int port = canonicalNumber(t[5], 65535);
        if (component < 1 || priority < 0 || port < 0 || t[0].length() > 32) {
            return null;
        }
        int next = 8;
        String relatedAddress = null;
        int relatedPort = -1;
        if (t.length >= 12 && "raddr".equals(t[8]) && "rport".equals(t[10])) {
            relatedPort = canonicalNumber(t[11], 65535);
            if (relatedPort < 0) {
                return null;
            }
            relatedAddress = t[9];
            next = 12;
        }
        List<Extension> ext = new ArrayList<>();
        for (int i = next; i < t.length; i += 2) {
            ext.add(new Extension(t[i], t[i + 1]));
        }
        return new SdpCandidate(t[0], component, t[2], priority, t[4], port, t[7], relatedAddress, relatedPort, ext);
    }

    /** Digits without leading zeros (so the text round-trips), within max; -1 otherwise. */
    private static int canonicalNumber(String s, int max) {
        long v = canonicalNumber(s, (long) max);
        return (int) v;
    }

    private static long canonicalNumber(String s, long max) {
        if (s.length() > 10 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }
}
