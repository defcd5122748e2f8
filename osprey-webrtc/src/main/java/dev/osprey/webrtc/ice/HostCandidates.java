package dev.osprey.webrtc.ice;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the server's UDP host candidates. A server behind NAT advertises its public address
 * instead of the address it binds; every candidate points at the one media port.
 */
public final class HostCandidates {
    private HostCandidates() {
    }

    /**
     * One host candidate per address, in the given order of preference (first = highest local
     * preference), foundations "1", "2", ...
     */
    public static List<IceCandidate> forAddresses(List<InetAddress> addresses, int port) {
        List<IceCandidate> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            out.add(IceCandidate.udpHost(Integer.toString(i + 1), format(addresses.get(i)), port, 65535 - i));
        }
        return out;
    }

    /**
     * The addresses to advertise: the configured ones when any are given (e.g. the public IP of a
     * server behind NAT), else the bound address when it is specific, else every address of every
     * interface that is up (loopback only when {@code includeLoopback}).
     */
    public static List<InetAddress> advertisedAddresses(List<InetAddress> configured, InetAddress bound,
                                                        boolean includeLoopback) throws SocketException {
        if (!configured.isEmpty()) {
            return List.copyOf(configured);
        }
        if (bound != null && !bound.isAnyLocalAddress()) {
            return List.of(bound);
        }
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || (nif.isLoopback() && !includeLoopback)) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (!a.isLinkLocalAddress() && (bound == null || bound.getClass() == a.getClass() || bound instanceof Inet6Address)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The address as written in a candidate line: no host name, no IPv6 scope id. */
    public static String format(InetAddress address) {
        String s = address.getHostAddress();
        int scope = s.indexOf('%');
        return scope < 0 ? s : s.substring(0, scope);
    }
}
