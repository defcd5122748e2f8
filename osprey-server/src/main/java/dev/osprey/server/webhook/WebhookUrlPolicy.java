package dev.osprey.server.webhook;

import dev.osprey.server.store.AppSettings;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which URLs the server POSTs to (webhooks, and any other URL a setting makes it call): {@code http}
 * or {@code https} with a host and, unless the application's {@code webhookAllowPrivateAddresses} is
 * true, only public destinations. Refused: loopback (127/8, ::1), private (10/8, 172.16/12,
 * 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10: cloud metadata services live there),
 * unspecified (0/8, ::), multicast, carrier NAT (100.64/10), reserved (240/4) and IPv6 forms that
 * embed such an IPv4 address. Otherwise anyone allowed to change a setting could make the server
 * reach inside its own network.
 *
 * <p>A URL is checked when it is set ({@link #problem}, for a 400 answer) and again before every
 * call, against the addresses its host resolves to then ({@link #destination}): DNS can answer
 * differently later. The call then connects to the address that was checked.
 *
 * <p>Both methods may block on DNS: call them off the event loop.
 */
public final class WebhookUrlPolicy {

    /** The application settings that hold URLs the server calls, by name. Add new ones here. */
    private static final Map<String, Function<AppSettings, String>> URL_SETTINGS = urlSettings();

    private final boolean allowPrivateAddresses;
    private final Resolver resolver;

    /** Host name to addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    WebhookUrlPolicy(boolean allowPrivateAddresses, Resolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = resolver;
    }

    /** The policy of an application: private destinations only when its settings allow them. */
    public static WebhookUrlPolicy of(AppSettings settings) {
        return new WebhookUrlPolicy(settings.webhookAllowPrivateAddresses, InetAddress::getAllByName);
    }

    private static Map<String, Function<AppSettings, String>> urlSettings() {
        Map<String, Function<AppSettings, String>> settings = new LinkedHashMap<>();
        settings.put("listenerHookURL", s -> s.listenerHookURL);
        settings.put("dataChannelWebHookURL", s -> s.dataChannelWebHookURL);
        settings.put("webhookAuthenticateURL", s -> s.webhookAuthenticateURL);
        settings.put("webhookPlayAuthUrl", s -> s.webhookPlayAuthUrl);
        return settings;
    }

    /**
     * Checks every URL setting of {@code settings} against the policy those same settings define.
     * Blocking (DNS).
     *
     * @return why they cannot be saved, empty when they can
     */
    public static Optional<String> problemInSettings(AppSettings settings) {
        WebhookUrlPolicy policy = of(settings);
        for (var setting : URL_SETTINGS.entrySet()) {
            Optional<String> problem = policy.problem(setting.getKey(), setting.getValue().apply(settings));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a URL about to be stored in {@code setting}; null or empty means "no webhook" and is
     * fine. A host that does not resolve now is accepted: the check before each call still applies.
     * Blocking (DNS).
     *
     * @return the reason, worded for a REST client, or empty when the URL is acceptable
     */
    public Optional<String> problem(String setting, String url) {
        if (url == null || url.isEmpty()) {
            return Optional.empty();
        }
        URI uri = parse(url);
        if (uri == null) {
            return Optional.of(setting + " must be empty or an http(s) URL");
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        try {
            destination(uri);
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        } catch (RefusedDestinationException e) {
            return Optional.of(setting + " " + e.getMessage() + "; set webhookAllowPrivateAddresses to true to allow it");
        }
    }

    /** The URL as a URI when it is absolute http(s) with a host, else null. */
    public static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isEmpty()) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Resolves the URI's host and checks every address it has (a name that also resolves to a
     * private address is refused as a whole). Call it right before connecting, and connect to the
     * address returned (with Vert.x: {@code RequestOptions.setServer}), never to the name again.
     * Blocking (DNS).
     *
     * @return the address to connect to
     * @throws RefusedDestinationException when an address is not allowed
     * @throws UnknownHostException        when the host does not resolve
     */
    public InetAddress destination(URI uri) throws UnknownHostException, RefusedDestinationException {
        InetAddress[] addresses = resolver.resolve(uri.getHost());
        if (addresses.length == 0) {
            throw new UnknownHostException(uri.getHost());
        }
        if (!allowPrivateAddresses) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new RefusedDestinationException("points to a loopback, private, link-local, multicast or "
                            + "unspecified address (" + address.getHostAddress() + ")");
                }
            }
        }
        return addresses[0];
    }

    /** True for a public unicast address: one a webhook may reach without webhookAllowPrivateAddresses. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0                                  // 0/8: "this network"
                    && !(first == 100 && (second & 0xc0) == 64) // 100.64/10: carrier NAT
                    && first < 240;                             // 240/4 reserved, 255.255.255.255
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return false; // fc00::/7: unique local
        }
        InetAddress embedded = embeddedIpv4(b);
        return embedded == null || isPublic(embedded);
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeroPrefix = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        boolean mapped = zeroPrefix && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                && Arrays.equals(b, 4, 12, new byte[8], 0, 8);
        try {
            if (mapped || compatible || nat64) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
        return null;
    }

    /** A URL's host resolves to an address the policy does not allow. */
    public static final class RefusedDestinationException extends Exception {

        RefusedDestinationException(String message) {
            super(message);
        }
    }
}
