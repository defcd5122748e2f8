package dev.osprey.server.rest;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.util.Set;

/**
 * The server API ({@code /rest/v2}) needs a logged-in console session, except for the paths that log
 * in and out, tell whether one is logged in, and describe the API. Unauthenticated calls get 401.
 */
final class AdminSessionFilter implements SecurityPolicyHandler {

    static final String NOT_LOGGED_IN = "Not logged in: POST /rest/v2/users/authenticate first";

    private final ConsoleSessions sessions;
    private final Set<String> openPaths;

    AdminSessionFilter(ConsoleSessions sessions, Set<String> openPaths) {
        this.sessions = sessions;
        this.openPaths = Set.copyOf(openPaths);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (openPaths.contains(ctx.normalizedPath()) || sessions.isLoggedIn(ctx.request())) {
            ctx.next();
            return;
        }
        RestMount.send(ctx, 401, Result.failure(NOT_LOGGED_IN));
    }
}
