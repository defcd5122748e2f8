package dev.osprey.webrtc.ice;

import java.util.Locale;
import java.util.Optional;

/**
 * One ICE candidate as carried in SDP (RFC 8839 §5.1): {@code candidate:<foundation> <component>
 * <transport> <priority> <address> <port> typ <type> [extensions...]}. Extensions (raddr, rport,
 * generation, tcptype, network-id...) are accepted and not kept.
 */
public record IceCandidate(String foundation, int component, String transport, long priority,
                           String address, int port, String type) {

    /** Type preference of host candidates (RFC 8445 §5.1.2.2). */
    public static final int HOST_TYPE_PREFERENCE = 126;

    /**
     * Parses a candidate line with or without the {@code a=} prefix.
     *
     * @return the candidate, or empty when the line is not a well-formed candidate
     */
    public static Optional<IceCandidate> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String s = line.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (!s.startsWith("candidate:")) {
            return Optional.empty();
        }
        String[] f = s.substring("candidate:".length()).split(" +");
        if (f.length < 8 || !"typ".equals(f[6])) {
            return Optional.empty();
        }
        String foundation = f[0];
        if (foundation.isEmpty() || foundation.length() > 32 || !IceCredentials.isIceString(foundation, 1)) {
            return Optional.empty();
        }
        int component = (int) parseNumber(f[1], 3, 1, 256);
        long priority = parseNumber(f[3], 10, 1, 0xFFFFFFFFL);
        int port = (int) parseNumber(f[5], 5, 0, 65535);
        if (component < 0 || priority < 0 || port < 0 || f[2].isEmpty() || f[4].isEmpty() || f[7].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IceCandidate(foundation, component, f[2].toLowerCase(Locale.ROOT), priority,
                f[4], port, f[7]));
    }

    /** A UDP host candidate for component 1 with the RFC 8445 §5.1.2.1 priority. */
    public static IceCandidate udpHost(String foundation, String address, int port, int localPreference) {
        return new IceCandidate(foundation, 1, "udp", priority(HOST_TYPE_PREFERENCE, localPreference, 1),
                address, port, "host");
    }

    /** priority = 2^24 * type preference + 2^8 * local preference + (256 - component id). */
    public static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** The attribute value without {@code a=}, e.g. {@code candidate:1 1 udp 2130706431 10.0.0.1 50000 typ host}. */
    public String format() {
        return "candidate:" + foundation + ' ' + component + ' ' + transport + ' ' + priority + ' '
                + address + ' ' + port + " typ " + type;
    }

    public boolean isUdp() {
        return "udp".equals(transport);
    }

    /** A decimal of at most {@code maxDigits} digits within [min, max], or -1. */
    private static long parseNumber(String digits, int maxDigits, long min, long max) {
        if (digits.isEmpty() || digits.length() > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < min || v > max ? -1 : v;
    }
}
