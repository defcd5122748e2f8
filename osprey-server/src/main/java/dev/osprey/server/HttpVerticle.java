package dev.osprey.server;

import dev.osprey.server.rest.ServerServices;
import dev.osprey.server.whip.WebRtcHttpEndpoints;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.net.BindException;

/**
 * One instance per core: each binds the same HTTP (and HTTPS) ports, Vert.x shares the listening
 * socket and spreads the accepted connections over the instances' event loops. A {@link ConnectionGuard}
 * watches every connection (request timeout, connections per address).
 */
final class HttpVerticle extends VerticleBase {

    private final Config config;
    private final HttpServerOptions httpOptions;
    private final HttpServerOptions httpsOptions; // null when TLS is off
    private final WebSocketBridge bridge;
    private final ServerServices services;
    private final ConnectionsPerAddress httpConnections;
    private final WebRtcHttpEndpoints webRtcHttp;
    private volatile HttpServer http;
    private volatile HttpServer https;
    private ConnectionGuard guard;

    HttpVerticle(Config config, HttpServerOptions httpOptions, HttpServerOptions httpsOptions, WebSocketBridge bridge,
                 ServerServices services, ConnectionsPerAddress httpConnections, WebRtcHttpEndpoints webRtcHttp) {
        this.webRtcHttp = webRtcHttp;
        this.config = config;
        this.httpOptions = httpOptions;
        this.httpsOptions = httpsOptions;
        this.bridge = bridge;
        this.services = services;
        this.httpConnections = httpConnections;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        guard = new ConnectionGuard(vertx, config, httpConnections);
        router.route().handler(guard::track);
        // REST API and console first: /{App}/rest/... must not reach the static pages
        services.mount(vertx, router, config.allowedHosts());
        webRtcHttp.mount(router); // WHIP and WHEP, before the static pages of the same applications
        WebRoutes.mount(router, config.webRoot(), config.applications());
        http = server(httpOptions, router);
        Future<HttpServer> httpBound = http.listen()
                .recover(e -> Future.failedFuture(bindFailure("HTTP", httpOptions, e)));
        if (httpsOptions == null) {
            return httpBound;
        }
        https = server(httpsOptions, router);
        return httpBound.compose(bound -> https.listen()
                .recover(e -> Future.failedFuture(e instanceof BindException || e.getCause() instanceof BindException
                        ? bindFailure("HTTPS", httpsOptions, e)
                        : new ConfigException("cannot use " + config.tlsCert() + " / " + config.tlsKey()
                                + " for HTTPS (server.tlsCert / server.tlsKey): " + e.getMessage()))));
    }

    private static ServerStartException bindFailure(String what, HttpServerOptions options, Throwable e) {
        return new ServerStartException("cannot listen for " + what + " on " + options.getHost() + ":"
                + options.getPort() + ": " + e.getMessage(), e);
    }

    private HttpServer server(HttpServerOptions options, Router router) {
        return vertx.createHttpServer(options)
                .connectionHandler(guard::connected)
                .requestHandler(router)
                .webSocketHandshakeHandler(handshake -> {
                    guard.handshake(handshake);
                    bridge.handshake(handshake);
                })
                .webSocketHandler(socket -> {
                    guard.upgraded(socket);
                    bridge.attach(socket);
                });
    }

    int httpPort() {
        return http.actualPort();
    }

    int httpsPort() {
        return https == null ? -1 : https.actualPort();
    }
}
