package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.Config;
import dev.osprey.server.OspreyServer;
import dev.osprey.server.TestAdmin;
import dev.osprey.server.store.StoreJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server on 127.0.0.1 with a free port and its data in {@code dir}, plus a small JSON HTTP client:
 * plain calls carry no session (so they meet the filters as any client does), {@code admin...} calls
 * carry the session of {@link TestAdmin}'s account.
 */
final class RestTestServer implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    final OspreyServer server;
    private String adminCookie;

    RestTestServer(Path dir) {
        this(dir, Map.of());
    }

    RestTestServer(Path dir, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("server.host", "127.0.0.1");
        settings.put("server.httpPort", 0);
        settings.put("server.httpsPort", 0);
        settings.put("server.tlsCert", dir.resolve("no-cert.pem").toString());
        settings.put("server.tlsKey", dir.resolve("no-key.pem").toString());
        settings.put("applications", List.of("LiveApp", "WebRTCAppEE"));
        settings.put("web.root", dir.resolve("web").toString());
        settings.put("store.dir", dir.resolve("data").toString());
        settings.put("media.udpPort", 0); // not the shared default 50000: tests run beside other servers
        settings.put("rtmp.port", 0);
        settings.put("srt.port", 0);
        settings.put("rtmp.tlsPort", 0);
        settings.putAll(overrides);
        TestAdmin.provision(Path.of(settings.get("store.dir").toString()));
        server = OspreyServer.start(Config.of(settings));
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {

        /** A response header, or null. */
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return StoreJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** A body goes as JSON unless {@code headers} (name, value, ...) name another Content-Type. */
    Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    /** The session cookie of the test admin, logging in the first time. */
    synchronized String adminCookie() {
        if (adminCookie == null) {
            adminCookie = TestAdmin.login(server.httpPort());
        }
        return adminCookie;
    }

    Reply adminGet(String path) {
        return send("GET", path, null, "Cookie", adminCookie());
    }

    Reply adminPost(String path, String body) {
        return send("POST", path, body, "Cookie", adminCookie());
    }

    @Override
    public void close() {
        server.stop();
    }
}
