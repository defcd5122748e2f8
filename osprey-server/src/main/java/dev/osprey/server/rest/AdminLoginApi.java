package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.admin.AdminLogin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

/**
 * Console login at Ant Media's paths below {@code /rest/v2}: {@code POST /users/authenticate} with
 * {@code {"email", "password"}} answers a Result and, on success, sets the session cookie;
 * {@code POST /users/logout}; {@code GET /authentication-status}. As in Ant Media a wrong password is
 * a 200 with {@code success: false}; a client throttled after repeated failures gets 429 and
 * {@code Retry-After} without its password being checked.
 */
final class AdminLoginApi {

    static final String AUTHENTICATE = "/users/authenticate";
    static final String LOGOUT = "/users/logout";
    static final String STATUS = "/authentication-status";
    static final String WRONG_CREDENTIALS = "Invalid email or password";

    private final AdminLogin login;
    private final ConsoleSessions sessions;

    AdminLoginApi(AdminLogin login, ConsoleSessions sessions) {
        this.login = login;
        this.sessions = sessions;
    }

    /** The paths below the API base that need no session. */
    static Set<String> openPaths() {
        return Set.of(AUTHENTICATE, LOGOUT, STATUS, "/openapi.json");
    }

    List<RestRoute> routes() {
        List<RestRoute> r = new ArrayList<>();
        r.add(new RestRoute(POST, AUTHENTICATE, "Log in to the console: {email, password}; sets the session cookie",
                List.of(), true, List.of(400, 429), this::authenticate));
        r.add(new RestRoute(POST, LOGOUT, "End the console session", List.of(), false, List.of(), this::logout));
        r.add(new RestRoute(GET, STATUS, "Whether the request carries a logged-in console session", List.of(), false,
                List.of(), req -> new Result(sessions.store().touch(req.cookie(ConsoleSessions.COOKIE)), null, null, 0)));
        return r;
    }

    private Object authenticate(RestRequest req) {
        ObjectNode body = req.jsonObject();
        String email = text(body.get("email"));
        String password = text(body.get("password"));
        if (email == null || password == null) {
            throw RestException.badRequest("email and password must be strings");
        }
        return switch (login.login(req.remoteAddress(), email, password)) {
            case AdminLogin.Outcome.LoggedIn in -> {
                sessions.store().close(req.cookie(ConsoleSessions.COOKIE)); // a fresh id each login: no fixation
                yield new RestResponse(200, Result.ok(),
                        Map.of("Set-Cookie", ConsoleSessions.setCookie(in.sessionId(), req.isSecure())));
            }
            case AdminLogin.Outcome.Refused refused -> Result.failure(WRONG_CREDENTIALS);
            case AdminLogin.Outcome.Throttled t -> new RestResponse(429,
                    Result.failure("Too many failed logins: try again in " + t.retryAfterSeconds() + " s"),
                    Map.of("Retry-After", Long.toString(t.retryAfterSeconds())));
            case AdminLogin.Outcome.Busy busy -> new RestResponse(429,
                    Result.failure("Too many logins at once: try again in a moment"), Map.of("Retry-After", "1"));
        };
    }

    private Object logout(RestRequest req) {
        sessions.store().close(req.cookie(ConsoleSessions.COOKIE));
        return new RestResponse(200, Result.ok(), Map.of("Set-Cookie", ConsoleSessions.clearCookie(req.isSecure())));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
