package dev.osprey.server.rest;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code Host} names the REST API and the console answer to. A page on another site can make the
 * browser resolve its own name to this server (DNS rebinding) and then call the API "same-origin";
 * its requests still carry that other name, so refusing unknown names stops it. IP literals are
 * compared by value ({@code [::1]} = {@code [0:0::1]}), names without regard to case or a final dot.
 */
public final class AllowedHosts {

    private final boolean any;
    private final Set<String> names = new HashSet<>();
    private final Set<String> addresses = new HashSet<>();

    private AllowedHosts(Collection<String> hosts) {
        boolean star = false;
        for (String host : hosts) {
            if (host.equals("*")) {
                star = true;
                continue;
            }
            String address = canonicalAddress(host);
            if (address != null) {
                addresses.add(address);
            } else {
                names.add(canonicalName(host));
            }
        }
        any = star;
    }

    /** {@code hosts}: names, IP literals, or {@code *} for any host. */
    public static AllowedHosts of(Collection<String> hosts) {
        return new AllowedHosts(hosts);
    }

    /**
     * What this machine is called without any configuration: localhost, the loopback addresses, its host
     * name and the addresses of every interface. May wait for the resolver (the host name): call it once,
     * off the event loop.
     */
    public static Set<String> thisMachine() {
        Set<String> hosts = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        try {
            hosts.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            // No resolvable host name: the addresses below still count.
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    hosts.add(address.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // No interface list: loopback and the host name remain.
        }
        return hosts;
    }

    /** True when a request whose {@code Host} names {@code host} (no port; IPv6 with or without brackets) is served. */
    public boolean allows(String host) {
        if (any) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String address = canonicalAddress(host);
        return address != null ? addresses.contains(address) : names.contains(canonicalName(host));
    }

    private static String canonicalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The address in one spelling, or null when {@code host} is not an IP literal. */
    private static String canonicalAddress(String host) {
        String bare = host;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone) + (bare.startsWith("[") ? "]" : "");
        }
        byte[] bytes = Cidr.literal(bare);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
