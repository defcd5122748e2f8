package dev.osprey.server.whip;

import dev.osprey.server.ConnectionsPerAddress;
import dev.osprey.server.media.SfuMediaEngine;
import dev.osprey.signaling.BridgedClient;
import dev.osprey.signaling.SignalingApplication;
import dev.osprey.signaling.media.MediaStart;
import dev.osprey.signaling.protocol.Definitions;
import dev.osprey.signaling.protocol.StreamIds;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WHIP (RFC 9725) and WHEP: WebRTC publishing and playing over plain HTTP, for encoders (OBS, FFmpeg,
 * GStreamer) and players that do not speak Ant Media's WebSocket protocol.
 * {@code POST /{App}/whip/{streamId}} with an SDP offer publishes, {@code POST /{App}/whep/{streamId}}
 * plays; the answer comes back as {@code 201 Created} with a {@code Location} whose {@code DELETE} ends
 * the session. Each session is a {@link BridgedClient} of the application, so the stream's token
 * ({@code Authorization: Bearer} or {@code ?token=}), limits and take-over rules are the WebSocket
 * protocol's. The server is ICE-lite and puts its candidates in the answer, so a trickle {@code PATCH}
 * has nothing to do and is answered {@code 204}. Cross-origin calls are allowed: the credential is a
 * bearer token, never a cookie.
 *
 * <p>Threading: each request is handled on its Vert.x event loop, and its session's signalling events
 * come back on that loop too.
 */
public final class WebRtcHttpEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcHttpEndpoints.class);
    /** Offers are a few kilobytes; a browser's with many codecs stays under 16 KB. */
    static final int MAX_OFFER_BYTES = 64 * 1024;
    /** A publish or play the signalling has not answered by then is given up (the store or a webhook hangs). */
    static final long ANSWER_TIMEOUT_MILLIS = 15_000;
    private static final String SDP = "application/sdp";
    private static final String TRICKLE = "application/trickle-ice-sdpfrag";

    private final Vertx vertx;
    private final Map<String, SignalingApplication> applications;
    private final Map<String, SfuMediaEngine> engines;
    private final ConnectionsPerAddress sessionsPerAddress;
    /** Sessions by resource id (the last segment of their Location). */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * @param sessionsPerAddress caps the sessions one client address holds, as WebSockets are capped
     */
    public WebRtcHttpEndpoints(Vertx vertx, Map<String, SignalingApplication> applications,
                               Map<String, SfuMediaEngine> engines, ConnectionsPerAddress sessionsPerAddress) {
        this.vertx = vertx;
        this.applications = applications;
        this.engines = engines;
        this.sessionsPerAddress = sessionsPerAddress;
    }

    /** Adds the routes of every application to {@code router}; mount before the static pages. */
    public void mount(Router router) {
        for (String app : applications.keySet()) {
            for (Kind kind : Kind.values()) {
                String base = "/" + app + "/" + kind.path + "/:streamId";
                router.route(base).method(HttpMethod.OPTIONS).handler(ctx -> preflight(ctx, "POST, OPTIONS"));
                router.route(base + "/:resource").method(HttpMethod.OPTIONS)
                        .handler(ctx -> preflight(ctx, "PATCH, DELETE, OPTIONS"));
                router.route(base).method(HttpMethod.POST)
                        .handler(BodyHandler.create(false).setBodyLimit(MAX_OFFER_BYTES))
                        .handler(ctx -> post(ctx, app, kind))
                        .failureHandler(WebRtcHttpEndpoints::postFailed);
                router.route(base + "/:resource").method(HttpMethod.DELETE).handler(ctx -> delete(ctx, app, kind));
                router.route(base + "/:resource").method(HttpMethod.PATCH).handler(ctx -> patch(ctx, app, kind));
            }
        }
    }

    /** Sessions open now (publishes and plays). */
    public int sessionCount() {
        return sessions.size();
    }

    private enum Kind {
        WHIP("whip"), WHEP("whep");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    // ---- requests (event loop)

    private void preflight(RoutingContext ctx, String methods) {
        cors(ctx.response())
                .putHeader("Access-Control-Allow-Methods", methods)
                .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match")
                .putHeader("Access-Control-Max-Age", "86400")
                .setStatusCode(204).end();
    }

    private void post(RoutingContext ctx, String app, Kind kind) {
        HttpServerRequest request = ctx.request();
        String streamId = ctx.pathParam("streamId");
        if (streamId.length() > StreamIds.MAX_LENGTH || !StreamIds.isValid(streamId)) {
            fail(ctx, 400, "invalid stream id");
            return;
        }
        if (!isContentType(request, SDP)) {
            fail(ctx, 415, "the body must be an SDP offer (" + SDP + ")");
            return;
        }
        String offer = ctx.body().asString();
        if (offer == null || offer.isBlank()) {
            fail(ctx, 400, "no SDP offer");
            return;
        }
        String address = request.remoteAddress().hostAddress();
        if (!sessionsPerAddress.tryAcquire(address)) {
            fail(ctx, 429, "too many sessions from this address");
            return;
        }
        Context context = vertx.getOrCreateContext();
        Executor onLoop = task -> context.runOnContext(ignored -> task.run());
        Session session = new Session(kind, app, streamId, StreamIds.generate() + StreamIds.generate(), address, ctx);
        BridgedClient.Credentials credentials = new BridgedClient.Credentials(bearerOrQueryToken(request),
                request.getParam("subscriberId"), request.getParam("subscriberCode"));
        SfuMediaEngine engine = engines.get(app);
        session.client = applications.get(app).bridge(SignalingApplication.WEBRTC,
                address + ":" + request.remoteAddress().port(), onLoop, session);
        if (kind == Kind.WHIP) {
            session.mediaStart = listener -> engine.publish(streamId, offer, true, true, listener);
            session.client.publish(streamId, null, credentials);
        } else {
            session.client.play(streamId, credentials, listener -> engine.playWithOffer(streamId, offer, listener));
        }
        session.timeout = vertx.setTimer(ANSWER_TIMEOUT_MILLIS, id -> session.refused(streamId, "timeout"));
        // A client that gives up before its answer (an encoder's HTTP timeout) would leave a publish nobody
        // knows the Location of, holding the stream id and the address's slot until the media timeout.
        ctx.response().closeHandler(closed -> session.abandoned());
    }

    /**
     * A POST the body handler refused (413 for an offer over {@link #MAX_OFFER_BYTES}) or that threw: answered
     * here with the CORS headers, so a browser reads the status instead of a CORS error.
     */
    private static void postFailed(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 413) {
            fail(ctx, status, "the offer is larger than " + MAX_OFFER_BYTES + " bytes");
        } else {
            if (ctx.failure() != null) {
                LOG.warn("WHIP/WHEP request {} failed", ctx.request().path(), ctx.failure());
            }
            fail(ctx, status, "request failed");
        }
    }

    private void delete(RoutingContext ctx, String app, Kind kind) {
        Session session = find(ctx, app, kind);
        if (session != null) {
            session.end();
            cors(ctx.response()).setStatusCode(200).end();
        }
    }

    private void patch(RoutingContext ctx, String app, Kind kind) {
        Session session = find(ctx, app, kind);
        if (session == null) {
            return;
        }
        if (!isContentType(ctx.request(), TRICKLE)) {
            fail(ctx, 415, "PATCH takes " + TRICKLE);
            return;
        }
        String ifMatch = ctx.request().getHeader("If-Match");
        if ("*".equals(ifMatch)) {
            // RFC 9725 4.3: an ICE restart is a PATCH with If-Match: *; one supported without the other is 422.
            fail(ctx, 422, "ICE restarts are not supported: publish or play again");
            return;
        }
        if (ifMatch != null && !ifMatch.equals(session.etag())) {
            fail(ctx, 412, "the session's ETag is " + session.etag());
            return;
        }
        // ICE-lite: our candidates are in the answer and the peer's checks tell us its address.
        cors(ctx.response()).setStatusCode(204).end();
    }

    /** The session the path names, or null after answering 404. */
    private Session find(RoutingContext ctx, String app, Kind kind) {
        Session session = sessions.get(ctx.pathParam("resource"));
        if (session == null || session.kind != kind || !session.app.equals(app)
                || !session.streamId.equals(ctx.pathParam("streamId"))) {
            fail(ctx, 404, "no such session");
            return null;
        }
        return session;
    }

    private static String bearerOrQueryToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return request.getParam("token");
    }

    private static boolean isContentType(HttpServerRequest request, String type) {
        String contentType = request.getHeader("Content-Type");
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(type);
    }

    private static HttpServerResponse cors(HttpServerResponse response) {
        return response.putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Expose-Headers", "Location, ETag");
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        if (!ctx.response().ended()) {
            cors(ctx.response()).setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(message + "\n");
        }
    }

    /** The HTTP status for a refusal of the signalling. */
    static int statusOf(String definition) {
        if (definition == null) {
            return 503;
        }
        return switch (definition) {
            case Definitions.UNAUTHORIZED_ACCESS, Definitions.USER_BLOCKED -> 401;
            case Definitions.NOT_ALLOWED_UNREGISTERED_STREAMS -> 403;
            case Definitions.NO_STREAM_EXIST -> 404;
            case Definitions.STREAM_ID_IN_USE, Definitions.ALREADY_PUBLISHING, Definitions.ALREADY_PLAYING -> 409;
            case Definitions.NOT_SET_REMOTE_DESCRIPTION, Definitions.INVALID_STREAM_NAME -> 400;
            case Definitions.SERVER_ERROR_CHECK_LOGS -> 500;
            case Definitions.VIEWER_LIMIT_REACHED, Definitions.TOO_MANY_STREAMS,
                 Definitions.TOO_MANY_PENDING_REQUESTS -> 429;
            default -> 503;
        };
    }

    /** One WHIP publish or WHEP play: answered once, then alive until DELETE or its media ends. */
    private final class Session implements BridgedClient.Events {
        final Kind kind;
        final String app;
        final String streamId;
        final String resource;
        final String address;
        private RoutingContext pending;
        BridgedClient client;
        MediaStart mediaStart;
        long timeout = -1;
        private final AtomicBoolean ended = new AtomicBoolean();

        Session(Kind kind, String app, String streamId, String resource, String address, RoutingContext pending) {
            this.kind = kind;
            this.app = app;
            this.streamId = streamId;
            this.resource = resource;
            this.address = address;
            this.pending = pending;
        }

        /** The entity tag of the session (its ICE credentials never change: no ICE restart). */
        String etag() {
            return "\"" + resource + "\"";
        }

        @Override
        public void granted(String id) {
            if (mediaStart != null) {
                client.startMedia(streamId, mediaStart);
            }
        }

        @Override
        public void localDescription(String id, String type, String sdp) {
            if (pending == null || !"answer".equals(type) || ended.get()) {
                return;
            }
            RoutingContext ctx = pending;
            pending = null;
            vertx.cancelTimer(timeout);
            sessions.put(resource, this);
            String location = "/" + app + "/" + kind.path + "/" + streamId + "/" + resource;
            cors(ctx.response()).setStatusCode(201)
                    .putHeader("Content-Type", SDP)
                    .putHeader("Location", location)
                    .putHeader("ETag", etag())
                    .end(sdp);
            LOG.info("{} {}/{}: session {} from {}", kind, app, streamId, resource, address);
        }

        @Override
        public void refused(String id, String definition) {
            if (pending != null) {
                RoutingContext ctx = pending;
                pending = null;
                vertx.cancelTimer(timeout);
                fail(ctx, statusOf(definition), String.valueOf(definition));
            }
            end();
        }

        @Override
        public void finished(String id) {
            end();
        }

        /** The client's connection closed: ends the session if it was still waiting for its answer. */
        void abandoned() {
            if (pending != null) {
                pending = null;
                vertx.cancelTimer(timeout);
                end();
            }
        }

        /** Frees the session once: its publish or play ends, its address slot is released. */
        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            sessions.remove(resource, this);
            sessionsPerAddress.release(address);
            client.close();
            if (pending != null) {
                vertx.cancelTimer(timeout);
                fail(pending, 503, "session ended");
                pending = null;
            }
        }
    }
}
