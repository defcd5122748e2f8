package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static dev.osprey.server.rest.BroadcastRestTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

/** Settings at /rest/v2/applications/settings/{App}, the IP filter and the JWT filter. */
class AccessControlTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

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

    private static JsonNode settings(String app) {
        return server.adminGet("/rest/v2/applications/settings/" + app).json();
    }

    private static void save(String app, String json) {
        RestTestServer.Reply r = server.adminPost("/rest/v2/applications/settings/" + app, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void defaultsAreAntMedias() {
        JsonNode s = settings("LiveApp");
        assertThat(s.get("ipFilterEnabled").asBoolean()).isTrue();
        assertThat(s.get("remoteAllowedCIDR").asText()).isEqualTo("127.0.0.1");
        assertThat(s.get("jwtControlEnabled").asBoolean()).isFalse();
        assertThat(s.get("acceptOnlyStreamsInDataStore").asBoolean()).isFalse();
        assertThat(s.get("webhookRetryCount").asInt()).isZero();
        assertThat(s.get("webhookRetryAttemptDelay").asInt()).isEqualTo(1000);
        assertThat(server.adminGet("/rest/v2/applications").json().toString()).isEqualTo("{\"applications\":[\"LiveApp\",\"WebRTCAppEE\"]}");
    }

    @Test
    void ipFilterRefusesAddressesOutsideTheAllowedBlocksAndUnknownSettingsSurvive() {
        save("WebRTCAppEE", "{\"remoteAllowedCIDR\":\"10.0.0.0/8, 192.168.1.7\",\"someAmsSetting\":\"kept\"}");
        assertResult(server.get("/WebRTCAppEE/rest/v2/broadcasts/count"), 403, "Not allowed IP");
        assertThat(settings("WebRTCAppEE").get("someAmsSetting").asText()).isEqualTo("kept");
        save("WebRTCAppEE", "{\"remoteAllowedCIDR\":\"127.0.0.0/8\"}");
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/count").status()).isEqualTo(200);
        save("WebRTCAppEE", "{\"ipFilterEnabled\":false,\"remoteAllowedCIDR\":\"10.0.0.1\"}");
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/count").status()).isEqualTo(200);
        save("WebRTCAppEE", "{}");
    }

    @Test
    void badSettingsAreRefusedAndNothingChanges() {
        assertResult(server.adminPost("/rest/v2/applications/settings/LiveApp", "{\"remoteAllowedCIDR\":\"10.0.0.0/33\"}"), 400,
                "remoteAllowedCIDR: '10.0.0.0/33' has an invalid prefix length");
        assertResult(server.adminPost("/rest/v2/applications/settings/LiveApp", "{\"remoteAllowedCIDR\":\"example.com\"}"), 400,
                "remoteAllowedCIDR: 'example.com' is not an IP address or CIDR block");
        assertResult(server.adminPost("/rest/v2/applications/settings/LiveApp", "{\"jwtControlEnabled\":true,\"jwtSecretKey\":\"short\"}"),
                400, "jwtSecretKey must have at least 32 characters when jwtControlEnabled is true");
        assertResult(server.adminPost("/rest/v2/applications/settings/LiveApp", "{\"webhookRetryCount\":\"3\"}"), 400,
                "Invalid value for field 'webhookRetryCount'");
        assertResult(server.adminPost("/rest/v2/applications/settings/Nope", "{}"), 404, "No such application");
        assertThat(settings("LiveApp").get("remoteAllowedCIDR").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void jwtFilterNeedsAValidHs256Token() throws Exception {
        save("LiveApp", "{\"jwtControlEnabled\":true,\"jwtSecretKey\":\"" + SECRET + "\"}");
        try {
            long now = System.currentTimeMillis() / 1000;
            assertResult(server.get("/LiveApp/rest/v2/broadcasts/count"), 403, "Invalid App JWT Token");
            String good = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"exp\":" + (now + 60) + "}", SECRET);
            assertThat(server.send("GET", "/LiveApp/rest/v2/broadcasts/count", null, "Authorization", good).status()).isEqualTo(200);
            assertThat(server.send("GET", "/LiveApp/rest/v2/broadcasts/count", null, "Authorization", "Bearer " + good).status())
                    .isEqualTo(200);
            String expired = jwt("{\"alg\":\"HS256\"}", "{\"exp\":" + (now - 1) + "}", SECRET);
            String wrongKey = jwt("{\"alg\":\"HS256\"}", "{}", SECRET + "x");
            String none = jwt("{\"alg\":\"none\"}", "{}", SECRET);
            for (String bad : new String[]{expired, wrongKey, none, "a.b.c", "garbage"}) {
                assertResult(server.send("GET", "/LiveApp/rest/v2/broadcasts/count", null, "Authorization", bad), 403,
                        "Invalid App JWT Token");
            }
        } finally {
            save("LiveApp", "{}");
        }
    }

    @Test
    void openApiListsEveryMountedRoute() {
        JsonNode doc = server.get("/LiveApp/rest/v2/openapi.json").json();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.0.3");
        assertThat(doc.get("servers").get(0).get("url").asText()).isEqualTo("/LiveApp/rest/v2");
        var routes = new java.util.ArrayList<String>();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
        try {
            server.server.services().mount(vertx, router, java.util.List.of());
            for (io.vertx.ext.web.Route route : router.getRoutes()) {
                String path = route.getPath();
                if (path == null || !path.startsWith("/LiveApp/rest/v2/") || route.methods() == null) {
                    continue; // the filter / catch-all routes, which are not endpoints
                }
                String openApiPath = path.substring("/LiveApp/rest/v2".length()).replaceAll(":([A-Za-z_]+)", "{$1}");
                for (var method : route.methods()) {
                    routes.add(method.name().toLowerCase() + " " + openApiPath);
                    assertThat(doc.get("paths").has(openApiPath)).as(openApiPath).isTrue();
                    assertThat(doc.get("paths").get(openApiPath).has(method.name().toLowerCase()))
                            .as(method + " " + openApiPath).isTrue();
                }
            }
        } finally {
            vertx.close();
        }
        assertThat(routes).contains("get /broadcasts/{id}", "post /broadcasts/create", "get /openapi.json");
        int documented = 0;
        for (var it = doc.get("paths").fields(); it.hasNext(); ) {
            documented += it.next().getValue().size();
        }
        assertThat(documented).isEqualTo(routes.size());
        assertThat(server.get("/rest/v2/openapi.json").json().get("paths").has("/applications/settings/{app}")).isTrue();
    }

    @Test
    void consoleIsServedToAllowedAddresses() {
        RestTestServer.Reply page = server.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Osprey console</title>");
        assertThat(server.get("/console/console.js").body()).contains("/rest/v2/server-stats");
    }

    static String jwt(String header, String claims, String secret) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
