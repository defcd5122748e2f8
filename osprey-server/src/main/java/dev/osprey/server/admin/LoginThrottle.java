package dev.osprey.server.admin;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per client: after {@link #FREE_FAILURES} failed logins in a row an
 * address must wait {@link #FIRST_BACKOFF}, doubling with each further failure up to
 * {@link #MAX_BACKOFF}; a successful login clears it. IPv6 clients count per /64, since one host
 * usually owns a whole /64. Thread-safe; the table is bounded, dropping the least recent address.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** Failures older than this are forgotten. */
    static final Duration MEMORY = Duration.ofHours(1);
    static final int MAX_ADDRESSES = 10_000;

    private final LongSupplier clockMillis;
    private final Map<String, Failures> byClient = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    private record Failures(int count, long lastMs, long blockedUntilMs) {
    }

    public LoginThrottle() {
        this(System::currentTimeMillis);
    }

    LoginThrottle(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Milliseconds {@code address} must still wait before its next attempt, or empty when it may try now. */
    public synchronized OptionalLong waitMillis(String address) {
        long now = clockMillis.getAsLong();
        Failures failures = current(client(address), now);
        return failures != null && failures.blockedUntilMs > now
                ? OptionalLong.of(failures.blockedUntilMs - now) : OptionalLong.empty();
    }

    public synchronized void failed(String address) {
        long now = clockMillis.getAsLong();
        String client = client(address);
        Failures before = current(client, now);
        int count = before == null ? 1 : before.count + 1;
        long blockedUntil = 0;
        if (count >= FREE_FAILURES) {
            int doublings = Math.min(count - FREE_FAILURES, 20);
            long backoff = Math.min(FIRST_BACKOFF.toMillis() << doublings, MAX_BACKOFF.toMillis());
            blockedUntil = now + backoff;
        }
        byClient.put(client, new Failures(count, now, blockedUntil));
    }

    public synchronized void succeeded(String address) {
        byClient.remove(client(address));
    }

    private Failures current(String client, long now) {
        Failures failures = byClient.get(client);
        if (failures != null && now - failures.lastMs > MEMORY.toMillis() && now >= failures.blockedUntilMs) {
            byClient.remove(client);
            return null;
        }
        return failures;
    }

    /** An IPv4 address as it is; an IPv6 one as its /64 prefix. Only literals: never a DNS lookup. */
    static String client(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address == null ? "" : address;
        }
        try {
            // A string with ':' is parsed as an IPv6 literal or refused; InetAddress never resolves it.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet4Address) {
                return parsed.getHostAddress(); // IPv4-mapped
            }
            byte[] bytes = parsed.getAddress();
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
