package dev.osprey.server.rest;

import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Refuses requests whose {@code Host} the server does not answer to ({@link AllowedHosts}) with
 * 421 Misdirected Request: the defence against DNS rebinding, in front of the REST API and the console.
 */
final class HostFilter implements SecurityPolicyHandler {

    static final String UNKNOWN_HOST = "Unknown host name: list it in server.allowedHosts";

    private final AllowedHosts allowed;

    HostFilter(AllowedHosts allowed) {
        this.allowed = allowed;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        if (authority == null || !allowed.allows(authority.host())) {
            RestMount.send(ctx, 421, Result.failure(UNKNOWN_HOST));
            return;
        }
        ctx.next();
    }
}
