package dev.osprey.server.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** An IPv4 or IPv6 block ({@code 10.0.0.0/8}, {@code ::1}); a plain address is a block of one. */
public record Cidr(byte[] network, int prefixBits) {

    /**
     * Parses a comma-separated list ({@code remoteAllowedCIDR}); blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or block
     */
    public static List<Cidr> parseList(String text) {
        List<Cidr> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (!entry.isEmpty()) {
                out.add(parse(entry));
            }
        }
        return out;
    }

    public static Cidr parse(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
            }
        }
        return new Cidr(bytes, bits);
    }

    /** True when {@code address} (a literal IP, as Vert.x reports the peer) lies in this block. */
    public boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        if (bytes.length != network.length) {
            bytes = ipv4Mapped(bytes);
            if (bytes == null || bytes.length != network.length) {
                return false;
            }
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /** Parses only numeric literals: never a DNS lookup. */
    static byte[] literal(String address) {
        if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (bare.indexOf(':') < 0 && bare.split("\\.", -1).length != 4) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d} → the IPv4 bytes, so an IPv4 rule matches a dual-stack peer. */
    private static byte[] ipv4Mapped(byte[] v6) {
        if (v6.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return null;
            }
        }
        if (v6[10] != (byte) 0xFF || v6[11] != (byte) 0xFF) {
            return null;
        }
        return new byte[]{v6[12], v6[13], v6[14], v6[15]};
    }
}
