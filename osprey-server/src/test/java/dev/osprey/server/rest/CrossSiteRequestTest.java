package dev.osprey.server.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.osprey.server.rest.BroadcastRestTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page on another site can make an operator's browser send: form and no-CORS posts, requests
 * with its own Origin, and requests under a rebound DNS name. Each is refused and changes nothing.
 */
class CrossSiteRequestTest {

    private static final String EVIL = "http://evil.example";

    @TempDir
    static Path dir;
    static RestTestServer server;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(dir.resolve("web/samples"));
        Files.writeString(dir.resolve("web/samples/index.html"), "<title>samples</title>");
        server = new RestTestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int status(String path) {
        return server.get(path).status();
    }

    @Test
    void aCrossSiteTextPlainPostIsRefusedWith415AndChangesNothing() {
        // What <form enctype="text/plain"> or fetch(..., {mode: "no-cors"}) can send without a CORS preflight.
        for (String type : new String[]{"text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "text/plain; charset=UTF-8"}) {
            assertResult(server.send("POST", "/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"csrf1\"}",
                    "Content-Type", type, "Origin", EVIL), 415, CrossSiteFilter.UNSUPPORTED_TYPE);
            assertResult(server.send("POST", "/rest/v2/applications/settings/LiveApp", "{\"remoteAllowedCIDR\":\"0.0.0.0/0\"}",
                    "Content-Type", type, "Cookie", server.adminCookie()), 415, CrossSiteFilter.UNSUPPORTED_TYPE);
        }
        assertThat(status("/LiveApp/rest/v2/broadcasts/csrf1")).isEqualTo(404);
        assertThat(server.adminGet("/rest/v2/applications/settings/LiveApp").json().get("remoteAllowedCIDR").asText())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aBodyWithoutContentTypeIsRefused() throws IOException {
        String body = "{\"streamId\":\"untyped\"}";
        assertThat(raw(server.server.httpPort(), "POST /LiveApp/rest/v2/broadcasts/create HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)).isEqualTo(415);
        assertThat(status("/LiveApp/rest/v2/broadcasts/untyped")).isEqualTo(404);
    }

    @Test
    void aStateChangingRequestWithAnotherSitesOriginIsRefusedEvenWithoutABody() {
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"target1\"}").status()).isEqualTo(200);
        assertResult(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/target1", null, "Origin", EVIL), 403,
                CrossSiteFilter.FOREIGN_ORIGIN);
        assertResult(server.send("POST", "/LiveApp/rest/v2/broadcasts/target1/stop", null, "Origin", EVIL), 403,
                CrossSiteFilter.FOREIGN_ORIGIN);
        assertResult(server.send("PUT", "/LiveApp/rest/v2/broadcasts/target1", "{\"name\":\"defaced\"}", "Origin", "null"),
                403, CrossSiteFilter.FOREIGN_ORIGIN);
        // Same host, other port: another origin too.
        assertResult(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/target1", null,
                "Origin", "http://127.0.0.1:" + (server.server.httpPort() + 1)), 403, CrossSiteFilter.FOREIGN_ORIGIN);
        assertResult(server.send("POST", "/rest/v2/users/logout", null, "Origin", EVIL, "Cookie", server.adminCookie()),
                403, CrossSiteFilter.FOREIGN_ORIGIN);

        RestTestServer.Reply kept = server.get("/LiveApp/rest/v2/broadcasts/target1");
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().get("name").isNull()).isTrue();
        // The console's own requests carry its origin and pass.
        String self = "http://127.0.0.1:" + server.server.httpPort();
        assertThat(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/target1", null, "Origin", self).status()).isEqualTo(200);
    }

    @Test
    void aForeignHostNameIsRefusedByTheApisAndTheConsole() throws IOException {
        int port = server.server.httpPort();
        for (String path : new String[]{"/LiveApp/rest/v2/broadcasts/count", "/rest/v2/applications",
                "/rest/v2/users/authenticate", "/"}) {
            assertThat(rawStatus(port, "GET", path, "evil.example:" + port)).as(path).isEqualTo(421);
            assertThat(rawStatus(port, "GET", path, "evil.example")).as(path).isEqualTo(421);
        }
        assertThat(rawStatus(port, "POST", "/LiveApp/rest/v2/broadcasts/create", "evil.example:" + port)).isEqualTo(421);
        assertThat(status("/LiveApp/rest/v2/broadcasts/count")).isEqualTo(200);
        // The names this machine answers to pass; the sample pages are served under any name.
        for (String host : new String[]{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST"}) {
            assertThat(rawStatus(port, "GET", "/LiveApp/rest/v2/broadcasts/count", host)).as(host).isEqualTo(200);
        }
        assertThat(rawStatus(port, "GET", "/LiveApp/", "evil.example")).isEqualTo(200);
    }

    @Test
    void namesListedInAllowedHostsAreServed(@TempDir Path own) throws IOException {
        try (RestTestServer listed = new RestTestServer(own, Map.of("server.allowedHosts", "stream.example.com, 203.0.113.5"))) {
            int port = listed.server.httpPort();
            assertThat(rawStatus(port, "GET", "/LiveApp/rest/v2/broadcasts/count", "stream.example.com")).isEqualTo(200);
            assertThat(rawStatus(port, "GET", "/LiveApp/rest/v2/broadcasts/count", "Stream.Example.COM.:443")).isEqualTo(200);
            assertThat(rawStatus(port, "GET", "/LiveApp/rest/v2/broadcasts/count", "203.0.113.5:" + port)).isEqualTo(200);
            assertThat(rawStatus(port, "GET", "/LiveApp/rest/v2/broadcasts/count", "other.example.com")).isEqualTo(421);
        }
    }

    /** One HTTP/1.1 request with the given Host (the JDK client will not send a made-up one); the status code. */
    static int rawStatus(int port, String method, String path, String host) throws IOException {
        String body = method.equals("POST") ? "{}" : "";
        return raw(port, method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                + "\r\n" + body);
    }

    /** Sends {@code request} as it is; the status code of the answer. */
    static int raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\n'; ) {
                statusLine.append((char) c);
            }
            String[] parts = statusLine.toString().split(" ");
            return Integer.parseInt(parts[1]);
        }
    }
}
