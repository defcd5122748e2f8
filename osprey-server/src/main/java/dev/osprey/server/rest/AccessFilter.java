package dev.osprey.server.rest;

import dev.osprey.server.security.Hs256Jwt;
import dev.osprey.server.store.AppSettings;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * Ant Media's REST filters: the IP filter ({@code ipFilterEnabled} + {@code remoteAllowedCIDR}) and
 * then the JWT filter ({@code jwtControlEnabled} + {@code jwtSecretKey}, header {@code Authorization},
 * optional {@code Bearer }). Both answer 403 with a failed Result. The peer address is the TCP one:
 * forwarding headers are not trusted. A security-policy handler, so it runs before the body is read.
 *
 * <p>With {@code consoleSessions}, a logged-in console session (from a {@code console.allowedCIDR}
 * address) passes both filters, as Ant Media's console calls application REST with its session.
 */
final class AccessFilter implements SecurityPolicyHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    static final String NOT_ALLOWED_IP = "Not allowed IP";
    static final String INVALID_JWT = "Invalid App JWT Token";

    private final Supplier<AppSettings> settings;
    private final ConsoleSessions consoleSessions; // null: no session bypass

    AccessFilter(Supplier<AppSettings> settings) {
        this(settings, null);
    }

    AccessFilter(Supplier<AppSettings> settings, ConsoleSessions consoleSessions) {
        this.settings = settings;
        this.consoleSessions = consoleSessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (consoleSessions != null && consoleSessions.isLoggedIn(ctx.request())) {
            ctx.next();
            return;
        }
        AppSettings s = settings.get();
        if (s.ipFilterEnabled && !allowed(s.remoteAllowedCIDR, ctx.request().remoteAddress().hostAddress())) {
            RestMount.send(ctx, 403, Result.failure(NOT_ALLOWED_IP));
            return;
        }
        if (s.jwtControlEnabled) {
            String header = ctx.request().getHeader("Authorization");
            String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : header;
            if (!Hs256Jwt.isValid(token == null ? null : token.trim(), s.jwtSecretKey, System.currentTimeMillis() / 1000)) {
                RestMount.send(ctx, 403, Result.failure(INVALID_JWT));
                return;
            }
        }
        ctx.next();
    }

    static boolean allowed(String cidrList, String address) {
        List<Cidr> rules;
        try {
            rules = Cidr.parseList(cidrList);
        } catch (IllegalArgumentException e) {
            // Settings are validated when saved; a bad list from an older file allows nobody rather than everybody.
            LOG.warn("remoteAllowedCIDR is invalid ({}): refusing {}", e.getMessage(), address);
            return false;
        }
        for (Cidr rule : rules) {
            if (rule.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
