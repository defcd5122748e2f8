package dev.osprey.server.rest;

import dev.osprey.server.admin.SessionStore;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * The console's session cookie: {@code osprey_session}, HttpOnly (page scripts cannot read it),
 * SameSite=Strict (no other site's page makes the browser send it), Secure over HTTPS, for the whole
 * server ({@code Path=/}: the console also calls each application's REST API). A session counts only
 * from an address {@code console.allowedCIDR} allows.
 */
final class ConsoleSessions {

    static final String COOKIE = "osprey_session";

    private final SessionStore store;
    private final List<Cidr> consoleAddresses;

    ConsoleSessions(SessionStore store, String consoleAllowedCidr) {
        this.store = store;
        this.consoleAddresses = Cidr.parseList(consoleAllowedCidr);
    }

    SessionStore store() {
        return store;
    }

    /** True for a request from a console address carrying a live session's cookie (the session is used now). */
    boolean isLoggedIn(HttpServerRequest request) {
        String address = request.remoteAddress().hostAddress();
        if (consoleAddresses.stream().noneMatch(rule -> rule.contains(address))) {
            return false;
        }
        Cookie cookie = request.getCookie(COOKIE);
        return cookie != null && store.touch(cookie.getValue());
    }

    static String setCookie(String sessionId, boolean secure) {
        return COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String clearCookie(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
