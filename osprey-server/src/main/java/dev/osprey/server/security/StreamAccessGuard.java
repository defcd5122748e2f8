package dev.osprey.server.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Subscriber;
import dev.osprey.server.webhook.WebhookUrlPolicy;
import dev.osprey.signaling.AccessDecision;
import dev.osprey.signaling.AccessGuard;
import dev.osprey.signaling.AccessRequest;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * One application's stream security, the one place every way into a stream asks (WebSocket today;
 * WHIP/WHEP, RTMP/SRT and HTTP media paths as they come): registered ids, viewer limits, one-time
 * tokens, JWT stream tokens, hash tokens, TOTP subscribers and auth webhooks. Every control that is
 * enabled must pass. Checks answered from memory complete at once; store lookups run on
 * {@code lookups}, and an auth webhook is asked last, so a refused token never reaches it.
 */
public final class StreamAccessGuard implements AccessGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StreamAccessGuard.class);
    private static final String PUBLISH = "publish";
    private static final String PLAY = "play";
    private static final int TOTP_KEY_BLOCK = 8;

    private final ApplicationData data;
    private final Executor lookups;
    private final SubscriberConnections connections = new SubscriberConnections();
    private volatile ToIntFunction<String> viewerCount = id -> 0;
    private volatile AuthWebhook webhook;

    /** {@code lookups} runs the blocking store reads (one-time token use, subscribers). */
    public StreamAccessGuard(ApplicationData data, Executor lookups) {
        this.data = data;
        this.lookups = lookups;
    }

    /** Connects the live viewer counts and the HTTP client of the auth webhooks, once Vert.x runs. */
    public void attach(Vertx vertx, ToIntFunction<String> liveViewerCount) {
        this.viewerCount = liveViewerCount;
        this.webhook = new AuthWebhook(vertx);
    }

    /** The subscriber's open publishes and plays. */
    public int openConnections(String streamId, String subscriberId) {
        return connections.count(streamId, subscriberId);
    }

    @Override
    public CompletionStage<AccessDecision> check(AccessRequest request) {
        return check(new Access(request, data.settings(), false));
    }

    /**
     * Checks a {@link AccessRequest.Kind#PLAY PLAY} request for one HTTP file of the stream (a VoD file, an HLS
     * playlist or segment) with every play control the application enables, with two differences from a
     * WebRTC play: no viewer limit and no TOTP subscriber connection slot (a file request is neither a live
     * viewer nor a connection), and a one-time token is checked but not used up — a player fetches many
     * files (ranges, segments) with the same token, so over HTTP it is good until its expiry date, as with
     * Ant Media's stream filter.
     */
    public CompletionStage<AccessDecision> checkFileRequest(AccessRequest request) {
        if (request.kind() != AccessRequest.Kind.PLAY) {
            throw new IllegalArgumentException("a file request is a play: " + request.kind());
        }
        return check(new Access(request, data.settings(), true));
    }

    /** True when some play control (one-time, JWT or hash token, TOTP, auth webhook) is on. */
    public boolean playNeedsCredentials() {
        AppSettings s = data.settings();
        return s.playTokenControlEnabled || s.playJwtControlEnabled || s.hashControlPlayEnabled
                || s.enableTimeTokenForPlay || (s.webhookPlayAuthUrl != null && !s.webhookPlayAuthUrl.isEmpty());
    }

    private CompletionStage<AccessDecision> check(Access access) {
        String refusal = access.fromMemory();
        if (refusal != null) {
            return CompletableFuture.completedFuture(AccessDecision.refused(refusal));
        }
        CompletionStage<Access> checked = access.needsStore()
                ? CompletableFuture.supplyAsync(access::fromStore, lookups)
                : CompletableFuture.completedFuture(access);
        return checked.thenCompose(this::askWebhook).thenApply(Access::decision);
    }

    private CompletionStage<Access> askWebhook(Access access) {
        String url = access.refusal == null ? access.webhookUrl() : "";
        if (url.isEmpty()) {
            return CompletableFuture.completedFuture(access);
        }
        AuthWebhook client = webhook;
        if (client == null) {
            return CompletableFuture.completedFuture(access.refuse(UNAUTHORIZED_ACCESS));
        }
        return client.allows(url, WebhookUrlPolicy.of(access.settings), data.name(), access.request)
                .thenApply(allowed -> allowed ? access : access.refuse(UNAUTHORIZED_ACCESS));
    }

    /** One request's checks and what they found. */
    private final class Access {

        final AccessRequest request;
        final AppSettings settings;
        final boolean publish;
        /** The id the credentials are for: the stream, or the room for a room join. */
        final String target;
        final String role;
        /** An HTTP file request: no viewer limit, one-time tokens checked but kept. */
        final boolean fileRequest;
        String refusal;
        /** A stream credential passed (not merely an open door): the client may take over its stalled stream. */
        boolean provedOwner;
        Runnable release = () -> { };

        Access(AccessRequest request, AppSettings settings, boolean fileRequest) {
            this.request = request;
            this.fileRequest = fileRequest;
            this.settings = settings;
            this.publish = request.kind() == AccessRequest.Kind.PUBLISH;
            this.target = request.kind() == AccessRequest.Kind.JOIN_ROOM ? request.roomId() : request.streamId();
            this.role = publish ? PUBLISH : PLAY;
        }

        Access refuse(String definition) {
            if (refusal == null) {
                refusal = definition;
                release.run();
            }
            return this;
        }

        AccessDecision decision() {
            return refusal == null ? AccessDecision.granted(provedOwner, release) : AccessDecision.refused(refusal);
        }

        String webhookUrl() {
            String url = publish ? settings.webhookAuthenticateURL : settings.webhookPlayAuthUrl;
            return url == null ? "" : url;
        }

        boolean oneTimeTokens() {
            return publish ? settings.publishTokenControlEnabled : settings.playTokenControlEnabled;
        }

        boolean totp() {
            return publish ? settings.enableTimeTokenForPublish : settings.enableTimeTokenForPlay;
        }

        boolean needsStore() {
            return oneTimeTokens() || totp();
        }

        /** The checks that need no store: registered ids, viewer limits, JWT and hash tokens. */
        String fromMemory() {
            if (publish && settings.acceptOnlyStreamsInDataStore && !data.isKnown(request.streamId())) {
                return NOT_ALLOWED_UNREGISTERED_STREAMS;
            }
            if (request.kind() == AccessRequest.Kind.PLAY && !fileRequest && viewerLimitReached()) {
                return VIEWER_LIMIT_REACHED;
            }
            if ((publish ? settings.publishJwtControlEnabled : settings.playJwtControlEnabled) && !jwtGrants()) {
                return UNAUTHORIZED_ACCESS;
            }
            if (publish ? settings.hashControlPublishEnabled : settings.hashControlPlayEnabled) {
                if (!HashTokens.isValid(request.token(), target, role, settings.tokenHashSecret)) {
                    return UNAUTHORIZED_ACCESS;
                }
                provedOwner = true;
            }
            return null;
        }

        private boolean jwtGrants() {
            long now = System.currentTimeMillis() / 1000;
            Optional<ObjectNode> claims = Hs256Jwt.claims(request.token(), settings.jwtStreamSecretKey, now);
            if (claims.isEmpty()) {
                return false;
            }
            ObjectNode c = claims.get();
            if (!c.has("exp") && !settings.jwtStreamTokensWithoutExpiryAllowed) {
                return false;
            }
            String room = c.path("roomId").asText("");
            boolean forThis = !room.isEmpty()
                    ? room.equals(request.roomId()) || room.equals(target)
                    : target.equals(c.path("streamId").asText(null));
            provedOwner = forThis && role.equals(c.path("type").asText());
            return provedOwner;
        }

        /** The checks that read the store; blocking. The token is used up last, once everything else passed. */
        Access fromStore() {
            try {
                if (totp()) {
                    String totpRefusal = checkSubscriber();
                    if (totpRefusal != null) {
                        return refuse(totpRefusal);
                    }
                }
                if (oneTimeTokens()) {
                    long now = System.currentTimeMillis() / 1000;
                    boolean valid = fileRequest
                            ? OneTimeTokens.isValid(data.store(), request.token(), target, request.roomId(), role, now)
                            : OneTimeTokens.consume(data.store(), request.token(), target, request.roomId(), role, now);
                    if (!valid) {
                        return refuse(UNAUTHORIZED_ACCESS);
                    }
                    provedOwner = true;
                }
                return this;
            } catch (RuntimeException e) {
                LOG.error("{}: access check of {} failed", data.name(), request.streamId(), e);
                return refuse(UNAUTHORIZED_ACCESS);
            }
        }

        /** The broadcast's {@code webRTCViewerLimit}, or the application's when the broadcast sets none. */
        private boolean viewerLimitReached() {
            int limit = data.liveViewerLimit(request.streamId());
            if (limit < 0) {
                limit = settings.webRTCViewerLimit;
            }
            return limit >= 0 && viewerCount.applyAsInt(request.streamId()) >= limit;
        }

        private String checkSubscriber() {
            String subscriberId = request.subscriberId();
            String code = request.subscriberCode();
            if (subscriberId == null || subscriberId.isEmpty() || code == null) {
                return UNAUTHORIZED_ACCESS;
            }
            long nowMs = System.currentTimeMillis();
            Optional<Subscriber> found = data.store().subscriber(target, subscriberId);
            byte[] key;
            int period = settings.timeTokenPeriod;
            int limit = 0;
            if (found.isPresent()) {
                Subscriber s = found.get();
                if (s.isBlocked(role, nowMs)) {
                    return USER_BLOCKED;
                }
                if (!Subscriber.covers(s.type, role) || !Base32.isValid(s.b32Secret)) {
                    return UNAUTHORIZED_ACCESS;
                }
                key = Base32.decode(s.b32Secret);
                period = s.totpExpiryPeriodSeconds > 0 ? s.totpExpiryPeriodSeconds : period;
                limit = s.concurrentConnectionsLimit;
            } else if (settings.timeTokenSubscriberOnly) {
                return UNAUTHORIZED_ACCESS;
            } else {
                key = derivedKey(publish ? settings.timeTokenSecretForPublish : settings.timeTokenSecretForPlay,
                        subscriberId, target, role);
                if (key == null) {
                    return UNAUTHORIZED_ACCESS;
                }
            }
            if (!Totp.verify(key, code, nowMs / 1000, period)) {
                return UNAUTHORIZED_ACCESS;
            }
            if (fileRequest) {
                provedOwner = true;
                return null; // a file request is no connection: it takes none of the subscriber's slots
            }
            Runnable slot = connections.tryAcquire(target, subscriberId, limit);
            if (slot == null) {
                return UNAUTHORIZED_ACCESS;
            }
            release = slot;
            provedOwner = true;
            return null;
        }
    }

    /**
     * The key of a subscriber that is not registered, as Ant Media derives it: the application's
     * secret, the subscriber, the stream and the role, padded with 'X' to a multiple of 8 bytes.
     * Null when the application has no secret.
     */
    public static byte[] derivedKey(String appSecret, String subscriberId, String streamId, String role) {
        if (appSecret == null || appSecret.isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder(appSecret).append(subscriberId).append(streamId).append(role);
        while (key.length() % TOTP_KEY_BLOCK != 0) {
            key.append('X');
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    public void close() {
        AuthWebhook client = webhook;
        if (client != null) {
            client.close();
        }
    }
}
