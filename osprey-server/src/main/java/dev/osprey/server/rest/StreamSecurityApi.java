package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.security.Base32;
import dev.osprey.server.security.Hs256Jwt;
import dev.osprey.server.security.OneTimeTokens;
import dev.osprey.server.security.StreamAccessGuard;
import dev.osprey.server.security.Totp;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.StoreJson;
import dev.osprey.server.store.StreamToken;
import dev.osprey.server.store.Subscriber;
import io.vertx.core.http.HttpMethod;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * The REST side of stream security, with Ant Media's paths: one-time and JWT stream tokens, TOTP
 * subscribers (add, list, codes, block, delete). What the tokens and codes are checked against is
 * {@link StreamAccessGuard}.
 */
final class StreamSecurityApi {

    private static final Set<String> TOKEN_TYPES = Set.of("publish", "play");
    private static final Set<String> SUBSCRIBER_TYPES = Set.of(Subscriber.PUBLISH, Subscriber.PLAY, Subscriber.PUBLISH_PLAY);
    private static final int MAX_SUBSCRIBER_ID_CHARS = 255;
    /** 160-bit TOTP keys, RFC 4226's recommended length. */
    private static final int GENERATED_SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApplicationData data;
    private final StreamAccessGuard guard;

    StreamSecurityApi(ApplicationData data, StreamAccessGuard guard) {
        this.data = data;
        this.guard = guard;
    }

    List<RestRoute> routes() {
        List<RestRoute> r = new ArrayList<>();
        r.add(route(POST, "/broadcasts/validate-token", "Validate a one-time token (and use it up)", List.of(), true,
                this::validateToken));
        r.add(route(GET, "/broadcasts/{id}/token", "Create a one-time token", List.of("expireDate", "type", "roomId"),
                false, this::createToken));
        r.add(route(GET, "/broadcasts/{id}/jwt-token", "Create a JWT stream token (HS256 with jwtStreamSecretKey)",
                List.of("expireDate", "type", "roomId"), false, this::createJwt));
        r.add(route(GET, "/broadcasts/{id}/tokens/list/{offset}/{size}", "A stream's one-time tokens (at most 50)",
                List.of(), false, req -> data.store().tokens(req.streamId("id"), req.nonNegative("offset"),
                        req.nonNegative("size"))));
        r.add(route(DELETE, "/broadcasts/{id}/tokens", "Revoke all of a stream's one-time tokens", List.of(), false,
                req -> {
                    String id = req.streamId("id");
                    return Result.ok(data.store().deleteTokens(id) + " tokens deleted", id);
                }));
        r.add(route(POST, "/broadcasts/{id}/subscribers", "Add or replace a TOTP subscriber", List.of(), true,
                this::addSubscriber));
        r.add(route(GET, "/broadcasts/{id}/subscribers/list/{offset}/{size}", "A stream's TOTP subscribers (at most 50)",
                List.of(), false, this::listSubscribers));
        r.add(route(GET, "/broadcasts/{id}/subscribers/{sid}/totp", "The subscriber's current code, in dataId",
                List.of("type"), false, this::totp));
        r.add(route(PUT, "/broadcasts/{id}/subscribers/{sid}/block/{seconds}/{type}",
                "Block a subscriber's publish, play or both for some seconds (0 unblocks)", List.of(), false, this::block));
        r.add(route(DELETE, "/broadcasts/{id}/subscribers/{sid}", "Delete a subscriber", List.of(), false, req -> {
            String id = req.streamId("id");
            boolean deleted = data.store().deleteSubscriber(id, subscriberId(req));
            return deleted ? Result.ok(null, id) : new RestResponse(404, Result.failure("Subscriber not found"));
        }));
        r.add(route(DELETE, "/broadcasts/{id}/subscribers", "Delete all of a stream's subscribers", List.of(), false,
                req -> {
                    String id = req.streamId("id");
                    return Result.ok(data.store().deleteSubscribers(id) + " subscribers deleted", id);
                }));
        return r;
    }

    private static RestRoute route(HttpMethod method, String path, String summary, List<String> query, boolean body,
                                   RestHandler handler) {
        return new RestRoute(method, path, summary, query, body, List.of(400, 404), handler);
    }

    // ---- tokens

    private Object createToken(RestRequest req) {
        String id = req.streamId("id");
        StreamToken token = new StreamToken(OneTimeTokens.newTokenId(), id, expireDate(req), tokenType(req), roomId(req));
        if (!data.store().createToken(token)) {
            throw RestException.badRequest("Token could not be created");
        }
        return token;
    }

    private Object createJwt(RestRequest req) {
        String id = req.streamId("id");
        long expireDate = expireDate(req);
        String type = tokenType(req);
        String roomId = roomId(req);
        String secret = data.settings().jwtStreamSecretKey;
        if (secret == null || secret.isEmpty()) {
            throw RestException.badRequest("jwtStreamSecretKey is not set in the application settings");
        }
        ObjectNode claims = StoreJson.MAPPER.createObjectNode().put("streamId", id).put("type", type).put("exp", expireDate);
        if (roomId != null) {
            claims.put("roomId", roomId);
        }
        return new StreamToken(Hs256Jwt.create(claims, secret), id, expireDate, type, roomId);
    }

    private Object validateToken(RestRequest req) {
        ObjectNode body = req.jsonObject();
        String tokenId = body.path("tokenId").asText(null);
        String streamId = body.path("streamId").asText(null);
        String type = body.path("type").asText(null);
        if (tokenId == null || streamId == null || type == null) {
            throw RestException.badRequest("tokenId, streamId and type are required");
        }
        boolean valid = OneTimeTokens.consume(data.store(), tokenId, streamId, body.path("roomId").asText(null), type,
                System.currentTimeMillis() / 1000);
        return valid ? Result.ok(null, tokenId) : Result.failure("Token is not valid");
    }

    private static long expireDate(RestRequest req) {
        String text = req.query("expireDate");
        long expireDate;
        try {
            expireDate = Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw RestException.badRequest("expireDate must be a Unix time in seconds");
        }
        if (expireDate <= System.currentTimeMillis() / 1000) {
            throw RestException.badRequest("expireDate must be in the future");
        }
        return expireDate;
    }

    private static String tokenType(RestRequest req) {
        String type = req.query("type");
        if (type == null || !TOKEN_TYPES.contains(type)) {
            throw RestException.badRequest("type must be publish or play");
        }
        return type;
    }

    private static String roomId(RestRequest req) {
        String roomId = req.query("roomId");
        if (roomId == null || roomId.isEmpty()) {
            return null;
        }
        if (!StreamIdRule.isValid(roomId)) {
            throw RestException.badRequest("Invalid roomId");
        }
        return roomId;
    }

    // ---- subscribers

    private Object addSubscriber(RestRequest req) {
        String id = req.streamId("id");
        Subscriber s = RestRequest.convert(req.jsonObject(), Subscriber.class);
        if (!isValidSubscriberId(s.subscriberId)) {
            throw RestException.badRequest("subscriberId must have 1 to " + MAX_SUBSCRIBER_ID_CHARS + " characters");
        }
        if (s.type == null || !SUBSCRIBER_TYPES.contains(s.type)) {
            throw RestException.badRequest("type must be publish, play or publish_play");
        }
        if (s.b32Secret == null || s.b32Secret.isEmpty()) {
            byte[] key = new byte[GENERATED_SECRET_BYTES];
            RANDOM.nextBytes(key);
            s.b32Secret = Base32.encode(key);
        } else if (!Base32.isValid(s.b32Secret)) {
            throw RestException.badRequest("b32Secret must be Base32 (RFC 4648)");
        }
        if (s.totpExpiryPeriodSeconds < 0) {
            throw RestException.badRequest("totpExpiryPeriodSeconds must not be negative");
        }
        s.streamId = id;
        s.connected = false;
        s.currentConcurrentConnections = 0;
        data.store().saveSubscriber(s);
        return Result.ok(null, s.subscriberId);
    }

    private Object listSubscribers(RestRequest req) {
        String id = req.streamId("id");
        List<Subscriber> page = data.store().subscribers(id, req.nonNegative("offset"), req.nonNegative("size"));
        for (Subscriber s : page) {
            s.currentConcurrentConnections = guard.openConnections(id, s.subscriberId);
            s.connected = s.currentConcurrentConnections > 0;
        }
        return page;
    }

    /** The code a subscriber uses now; for one that is not registered, the code derived from the application's secret. */
    private Object totp(RestRequest req) {
        String id = req.streamId("id");
        String subscriberId = subscriberId(req);
        String type = req.query("type") == null ? "play" : req.query("type");
        if (!TOKEN_TYPES.contains(type)) {
            throw RestException.badRequest("type must be publish or play");
        }
        AppSettings settings = data.settings();
        long now = System.currentTimeMillis() / 1000;
        var registered = data.store().subscriber(id, subscriberId);
        if (registered.isPresent()) {
            Subscriber s = registered.get();
            int period = s.totpExpiryPeriodSeconds > 0 ? s.totpExpiryPeriodSeconds : settings.timeTokenPeriod;
            return Result.ok(null, Totp.code(Base32.decode(s.b32Secret), now, period));
        }
        byte[] key = StreamAccessGuard.derivedKey(type.equals("publish") ? settings.timeTokenSecretForPublish
                : settings.timeTokenSecretForPlay, subscriberId, id, type);
        if (key == null) {
            throw RestException.badRequest("No such subscriber, and timeTokenSecretFor" + (type.equals("publish") ? "Publish" : "Play")
                    + " is not set");
        }
        return Result.ok(null, Totp.code(key, now, settings.timeTokenPeriod));
    }

    private Object block(RestRequest req) {
        String id = req.streamId("id");
        String subscriberId = subscriberId(req);
        int seconds = req.nonNegative("seconds");
        String type = req.path("type");
        if (!SUBSCRIBER_TYPES.contains(type)) {
            throw RestException.badRequest("type must be publish, play or publish_play");
        }
        Subscriber s = data.store().subscriber(id, subscriberId)
                .orElseThrow(() -> RestException.notFound("Subscriber not found"));
        s.blockedType = seconds == 0 ? null : type;
        s.blockedUntilUnitTimeStampMs = seconds == 0 ? 0 : System.currentTimeMillis() + seconds * 1000L;
        data.store().saveSubscriber(s);
        return Result.ok(null, subscriberId);
    }

    private static String subscriberId(RestRequest req) {
        String sid = req.path("sid");
        if (!isValidSubscriberId(sid)) {
            throw RestException.badRequest("Invalid subscriber id");
        }
        return sid;
    }

    private static boolean isValidSubscriberId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_SUBSCRIBER_ID_CHARS
                && id.chars().noneMatch(Character::isISOControl);
    }
}
