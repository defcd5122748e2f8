package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * REST {@code POST /broadcasts/{id}/data} and the {@code dataChannelWebHookURL} setting over real HTTP,
 * with data-only Java publishers and players ({@link DataChannelClients}) on the server's SFU.
 */
class DataChannelRestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OK = "{\"success\":true,\"message\":null,\"dataId\":null,\"errorId\":0}";

    @TempDir
    Path dir;
    private OspreyServer server;
    private DataChannelClients clients;
    private String adminCookie;
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1"));
        clients = new DataChannelClients();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.stop();
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (path.startsWith("/rest/v2/")) {
            request.header("Cookie", adminCookie());
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private String adminCookie() {
        if (adminCookie == null) {
            adminCookie = TestAdmin.login(server.httpPort());
        }
        return adminCookie;
    }

    private Answer sendMessage(String id, String contentType, byte[] body) throws Exception {
        return post("/LiveApp/rest/v2/broadcasts/" + id + "/data", contentType, body);
    }

    private void settings(String json) throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", "application/json", utf8(json)).status()).isEqualTo(200);
    }

    private TestSocket socket() {
        return TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertReceived(DataChannelClients.Peer peer, List<DataChannelClients.Message> expected) {
        await().atMost(WAIT).until(() -> peer.received.size() >= expected.size());
        assertThat(peer.received).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(peer.received.get(i).binary()).as("message %d binary", i).isEqualTo(expected.get(i).binary());
            assertThat(peer.received.get(i).payload()).as("message %d bytes", i).isEqualTo(expected.get(i).payload());
        }
    }

    @Test
    void aRestMessageReachesThePublisherAndBothPlayersAsTextOrBinaryExactly() throws Exception {
        DataChannelClients.Peer publisher = clients.publish(socket(), "d1");
        DataChannelClients.Peer a = clients.play(socket(), "d1");
        DataChannelClients.Peer b = clients.play(socket(), "d1");

        byte[] binary = new byte[100 * 1024];
        new Random(5).nextBytes(binary);
        byte[] largest = new byte[262_144];
        new Random(6).nextBytes(largest);
        byte[] text = utf8("héllo {\"eventType\":\"CHAT\"}");
        byte[] json = utf8("{message: \"test\"}");
        assertThat(sendMessage("d1", "application/json; charset=UTF-8", text)).isEqualTo(new Answer(200, OK));
        assertThat(sendMessage("d1", "application/octet-stream", binary)).isEqualTo(new Answer(200, OK));
        // Ant Media's documented example: a JSON content type, the body sent as text as it is.
        assertThat(sendMessage("d1", "application/json", json)).isEqualTo(new Answer(200, OK));
        // Types a cross-site form can send (curl -d's default among them) are refused, and nothing is sent.
        assertThat(sendMessage("d1", "application/x-www-form-urlencoded", utf8("a=1")).status()).isEqualTo(415);
        assertThat(sendMessage("d1", "text/plain", utf8("plain")).status()).isEqualTo(415);
        assertThat(sendMessage("d1", "application/octet-stream", largest)).isEqualTo(new Answer(200, OK));
        List<DataChannelClients.Message> expected = List.of(new DataChannelClients.Message(text, false),
                new DataChannelClients.Message(binary, true), new DataChannelClients.Message(json, false),
                new DataChannelClients.Message(largest, true));
        for (DataChannelClients.Peer peer : List.of(publisher, a, b)) {
            assertReceived(peer, expected);
        }

        // Data channels switched off while the stream is live: refused, nothing more is sent.
        settings("{\"dataChannelEnabled\":false}");
        assertThat(sendMessage("d1", "application/json", utf8("late"))).isEqualTo(new Answer(200,
                "{\"success\":false,\"message\":\"Data channels are not enabled\",\"dataId\":\"d1\",\"errorId\":0}"));
        settings("{\"dataChannelEnabled\":true}");
        assertThat(sendMessage("d1", "application/json", utf8("marker"))).isEqualTo(new Answer(200, OK));
        await().atMost(WAIT).until(() -> a.received.size() == expected.size() + 1);
        assertThat(a.received.getLast().text()).isEqualTo("marker");
    }

    @Test
    void refusalsAnswerAFailedResult() throws Exception {
        assertThat(sendMessage("nobody", "application/json", utf8("hi"))).isEqualTo(new Answer(200,
                "{\"success\":false,\"message\":\"Stream is not live\",\"dataId\":\"nobody\",\"errorId\":0}"));
        assertThat(sendMessage("nobody", "application/octet-stream", new byte[262_145])).isEqualTo(new Answer(413,
                "{\"success\":false,\"message\":\"A data channel message has at most 262144 bytes\",\"dataId\":null,\"errorId\":0}"));
        assertThat(sendMessage("nobody", "application/octet-stream", new byte[2 << 20]).status()).isEqualTo(413);
        assertThat(sendMessage("nobody", "application/json", new byte[] {(byte) 0xC3, 0x28})).isEqualTo(new Answer(400,
                "{\"success\":false,\"message\":\"A text message must be UTF-8; send binary data as application/octet-stream\","
                        + "\"dataId\":null,\"errorId\":0}"));
        settings("{\"dataChannelEnabled\":false}");
        assertThat(sendMessage("nobody", "application/json", utf8("hi"))).isEqualTo(new Answer(200,
                "{\"success\":false,\"message\":\"Data channels are not enabled\",\"dataId\":\"nobody\",\"errorId\":0}"));
    }

    @Test
    void theDataWebhookSettingIsKeptAndChecked() throws Exception {
        Answer initial = get("/rest/v2/applications/settings/LiveApp");
        assertThat(Json.parse(initial.body()).path("dataChannelWebHookURL").asText("missing")).isEmpty();
        settings("{\"webhookAllowPrivateAddresses\":true,\"dataChannelWebHookURL\":\"http://127.0.0.1:9/data\"}");
        assertThat(Json.parse(get("/rest/v2/applications/settings/LiveApp").body()).path("dataChannelWebHookURL").asText())
                .isEqualTo("http://127.0.0.1:9/data");
        Answer refused = post("/rest/v2/applications/settings/LiveApp", "application/json",
                utf8("{\"dataChannelWebHookURL\":\"ftp://x/y\"}"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(Json.parse(refused.body()).path("message").asText())
                .isEqualTo("dataChannelWebHookURL must be empty or an http(s) URL");
        Answer loopback = post("/rest/v2/applications/settings/LiveApp", "application/json",
                utf8("{\"dataChannelWebHookURL\":\"http://127.0.0.1:9/data\"}"));
        assertThat(loopback.status()).isEqualTo(400);
        assertThat(Json.parse(loopback.body()).path("message").asText()).startsWith("dataChannelWebHookURL points to a loopback");
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Cookie", adminCookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** One webhook POST: its content type and its form-data fields. */
    private record Hook(String contentType, Map<String, String> fields) {
    }

    @Test
    void theDataWebhookGetsPublisherAndPlayerMessagesWithTheirFields() throws Exception {
        List<Hook> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/data", exchange -> {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            hooks.add(new Hook(type, formData(type, exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        closeLater.add(() -> receiver.stop(0));
        settings("{\"webhookAllowPrivateAddresses\":true,\"dataChannelWebHookURL\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/data\"}");

        DataChannelClients.Peer publisher = clients.publish(socket(), "w1");
        DataChannelClients.Peer player = clients.play(socket(), "w1");
        assertThat(publisher.send(utf8("from the publisher ✓"), false)).isTrue();
        assertThat(player.send(new byte[] {0, 1, (byte) 0xFF}, true)).isTrue();

        await().atMost(WAIT).until(() -> hooks.size() == 2);
        assertThat(hooks).allSatisfy(h -> assertThat(h.contentType()).startsWith("multipart/form-data; boundary="));
        assertThat(hooks).extracting(Hook::fields).containsExactlyInAnyOrder(
                Map.of("data", "from the publisher ✓", "streamId", "w1", "binary", "false", "from", "publisher"),
                Map.of("data", Base64.getEncoder().encodeToString(new byte[] {0, 1, (byte) 0xFF}), "streamId", "w1",
                        "binary", "true", "from", "player"));
        // The messages were relayed as always.
        await().atMost(WAIT).until(() -> publisher.received.size() == 1 && player.received.size() == 1);
        assertThat(player.received.getFirst().text()).isEqualTo("from the publisher ✓");
        assertThat(publisher.received.getFirst().payload()).containsExactly(0, 1, 0xFF);
    }

    @Test
    void aWebhookThatNeverAnswersDoesNotDisturbRelayingAndItsBacklogIsBounded() throws Exception {
        // Accepts connections and never reads or answers: every call waits for its timeout.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        closeLater.add(() -> {
            silent.close();
            for (Socket s : held) {
                s.close();
            }
            acceptor.join();
        });
        settings("{\"webhookAllowPrivateAddresses\":true,\"dataChannelWebHookURL\":\"http://127.0.0.1:"
                + silent.getLocalPort() + "/data\"}");

        DataChannelClients.Peer publisher = clients.publish(socket(), "dead1");
        DataChannelClients.Peer a = clients.play(socket(), "dead1");
        DataChannelClients.Peer b = clients.play(socket(), "dead1");
        int messages = 1200;
        for (int i = 0; i < messages; i++) {
            assertThat(publisher.send(utf8("m" + i), false)).isTrue();
        }
        await().atMost(WAIT).until(() -> a.received.size() == messages && b.received.size() == messages);
        for (int i = 0; i < messages; i++) {
            assertThat(a.received.get(i).text()).isEqualTo("m" + i);
            assertThat(b.received.get(i).text()).isEqualTo("m" + i);
        }
        // At most 1000 messages wait for the silent receiver; the rest were dropped, not queued.
        assertThat(server.services().dataChannelWebhook("LiveApp").droppedMessages()).isGreaterThanOrEqualTo(messages - 1000);
        // A REST message still gets through at once.
        assertThat(sendMessage("dead1", "application/json", utf8("still here"))).isEqualTo(new Answer(200, OK));
        await().atMost(WAIT).until(() -> a.received.size() == messages + 1);
        assertThat(a.received.getLast().text()).isEqualTo("still here");
    }

    /** A minimal RFC 7578 reader: the boundary from the content type, then name → value per part. */
    private static Map<String, String> formData(String contentType, byte[] body) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).endsWith(boundary + "--\r\n");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.substring(0, text.length() - (boundary + "--\r\n").length()).split(java.util.regex.Pattern.quote(boundary + "\r\n"))) {
            if (part.isEmpty()) {
                continue;
            }
            int headersEnd = part.indexOf("\r\n\r\n");
            String headers = part.substring(0, headersEnd);
            String name = headers.substring(headers.indexOf("name=\"") + 6, headers.lastIndexOf('"'));
            fields.put(name, part.substring(headersEnd + 4, part.length() - 2));
        }
        return fields;
    }
}
