package dev.osprey.server.rest;

import dev.osprey.server.TestAdmin;
import dev.osprey.server.admin.AdminPasswordTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.osprey.server.rest.BroadcastRestTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console login at /rest/v2/users/authenticate, its session cookie, and what a session opens. */
class AdminLoginTest {

    private static final String LOGIN = "/rest/v2/users/authenticate";

    @TempDir
    static Path dir;
    static RestTestServer server;

    @BeforeAll
    static void start() {
        server = new RestTestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RestTestServer.Reply login(RestTestServer on, String email, String password) {
        return on.post(LOGIN, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static String cookieOf(RestTestServer.Reply reply) {
        String setCookie = reply.header("Set-Cookie");
        assertThat(setCookie).as(reply.body()).isNotNull();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static RestTestServer.Reply getWith(String cookie, String path) {
        return server.send("GET", path, null, "Cookie", cookie);
    }

    @Test
    void theRightPasswordOpensASessionWhoseCookieScriptsAndOtherSitesCannotUse() {
        RestTestServer.Reply reply = login(server, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("success").asBoolean()).isTrue();
        String setCookie = reply.header("Set-Cookie");
        assertThat(setCookie).matches("osprey_session=[A-Za-z0-9_-]{43}; .*");
        assertThat(Base64.getUrlDecoder().decode(setCookie.substring("osprey_session=".length(), setCookie.indexOf(';'))))
                .hasSize(32);
        assertThat(setCookie).contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/")
                .doesNotContain("Secure"); // plain HTTP here; HttpsTest checks Secure over HTTPS

        String cookie = cookieOf(reply);
        assertThat(getWith(cookie, "/rest/v2/applications").status()).isEqualTo(200);
        assertThat(getWith(cookie, "/rest/v2/authentication-status").json().get("success").asBoolean()).isTrue();
        // The e-mail is not case-sensitive, and a second login gets a different session.
        String second = cookieOf(login(server, TestAdmin.EMAIL.toUpperCase(), TestAdmin.PASSWORD));
        assertThat(second).isNotEqualTo(cookie);
    }

    @Test
    void aWrongPasswordOrEmailOpensNoSession() {
        for (RestTestServer.Reply reply : new RestTestServer.Reply[]{
                login(server, TestAdmin.EMAIL, TestAdmin.PASSWORD + "x"),
                login(server, "someone@example.com", TestAdmin.PASSWORD)}) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("success").asBoolean()).isFalse();
            assertThat(reply.json().get("message").asText()).isEqualTo("Invalid email or password");
            assertThat(reply.header("Set-Cookie")).isNull();
        }
        assertResult(server.post(LOGIN, "{\"email\":\"a\",\"password\":1}"), 400, "email and password must be strings");
        assertThat(server.get("/rest/v2/authentication-status").json().get("success").asBoolean()).isFalse();
    }

    @Test
    void theServerApiRefusesCallsWithoutASessionAndChangesNothing() {
        String forged = "osprey_session=" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        for (String cookie : new String[]{null, forged, "osprey_session=short"}) {
            String[] headers = cookie == null ? new String[0] : new String[]{"Cookie", cookie};
            assertResult(server.send("GET", "/rest/v2/applications", null, headers), 401, AdminSessionFilter.NOT_LOGGED_IN);
            assertResult(server.send("GET", "/rest/v2/server-stats", null, headers), 401, AdminSessionFilter.NOT_LOGGED_IN);
            assertResult(server.send("GET", "/rest/v2/applications/settings/LiveApp", null, headers), 401,
                    AdminSessionFilter.NOT_LOGGED_IN);
            assertResult(server.send("POST", "/rest/v2/applications/settings/LiveApp", "{\"remoteAllowedCIDR\":\"0.0.0.0/0\"}",
                    headers), 401, AdminSessionFilter.NOT_LOGGED_IN);
        }
        assertThat(server.adminGet("/rest/v2/applications/settings/LiveApp").json().get("remoteAllowedCIDR").asText())
                .isEqualTo("127.0.0.1");
        // The console page itself is served: it shows the login form.
        assertThat(server.get("/").body()).contains("id=\"login-form\"");
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        String cookie = cookieOf(login(server, TestAdmin.EMAIL, TestAdmin.PASSWORD));
        RestTestServer.Reply logout = server.send("POST", "/rest/v2/users/logout", null, "Cookie", cookie);
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.header("Set-Cookie")).startsWith("osprey_session=;").contains("Max-Age=0");
        assertResult(getWith(cookie, "/rest/v2/applications"), 401, AdminSessionFilter.NOT_LOGGED_IN);
    }

    @Test
    void aSessionOpensApplicationApisThatTheirIpFilterWouldRefuse() {
        assertThat(server.adminPost("/rest/v2/applications/settings/WebRTCAppEE", "{\"remoteAllowedCIDR\":\"10.0.0.0/8\"}")
                .status()).isEqualTo(200);
        try {
            assertResult(server.get("/WebRTCAppEE/rest/v2/broadcasts/count"), 403, AccessFilter.NOT_ALLOWED_IP);
            assertThat(getWith(server.adminCookie(), "/WebRTCAppEE/rest/v2/broadcasts/count").status()).isEqualTo(200);
        } finally {
            server.adminPost("/rest/v2/applications/settings/WebRTCAppEE", "{}");
        }
    }

    @Test
    void fiveFailedLoginsMakeTheNextAttemptWaitEvenWithTheRightPassword(@TempDir Path own) {
        try (RestTestServer fresh = new RestTestServer(own)) {
            for (int i = 0; i < 5; i++) {
                assertThat(login(fresh, TestAdmin.EMAIL, "guess" + i).json().get("success").asBoolean()).isFalse();
            }
            RestTestServer.Reply refused = login(fresh, TestAdmin.EMAIL, TestAdmin.PASSWORD);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("success").asBoolean()).isFalse();
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 30L);
            assertThat(refused.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void aNewPasswordSetOnDiskEndsEverySessionAndReplacesTheOldOne(@TempDir Path own) throws Exception {
        try (RestTestServer fresh = new RestTestServer(own)) {
            String cookie = cookieOf(login(fresh, TestAdmin.EMAIL, TestAdmin.PASSWORD));
            String newPassword = "a new password " + new Random().nextInt(1000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = AdminPasswordTool.run(List.of("--store.dir=" + own.resolve("data")), Map.of(),
                    new ByteArrayInputStream((newPassword + "\n").getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("console admin \"" + TestAdmin.EMAIL + "\" saved")
                    .doesNotContain(newPassword);

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    fresh.send("GET", "/rest/v2/applications", null, "Cookie", cookie).status() == 401);
            assertThat(login(fresh, TestAdmin.EMAIL, TestAdmin.PASSWORD).json().get("success").asBoolean()).isFalse();
            assertThat(login(fresh, TestAdmin.EMAIL, newPassword).json().get("success").asBoolean()).isTrue();
        }
    }
}
