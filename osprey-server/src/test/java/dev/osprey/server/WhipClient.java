package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * WHIP and WHEP calls to a test server over HTTP/1.1, as an encoder or player would make them, from
 * 127.0.0.1 or another loopback address; plus the REST broadcast the calls should change.
 */
final class WhipClient {
    static final String SDP = "application/sdp";
    static final String TRICKLE = "application/trickle-ice-sdpfrag";

    private final int port;
    private final HttpClient http;

    /** A client calling from 127.0.0.1. */
    WhipClient(int port) {
        this(port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    private WhipClient(int port, HttpClient http) {
        this.port = port;
        this.http = http;
    }

    /** A client whose connections come from {@code localAddress} (another host, as the server sees it). */
    static WhipClient from(int port, String localAddress) throws IOException {
        return new WhipClient(port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName(localAddress)).build());
    }

    /** {@code POST /LiveApp/{kind}/{streamId}} with {@code body}; {@code headers} are name, value, ... */
    HttpResponse<String> post(String kind, String streamId, String contentType, String body, String... headers) {
        HttpRequest.Builder request = request("/LiveApp/" + kind + "/" + streamId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** A WHIP publish of {@code offer} from this client. */
    HttpResponse<String> whip(String streamId, String offer, String... headers) {
        return post("whip", streamId, SDP, offer, headers);
    }

    /** A WHEP play with {@code offer} from this client. */
    HttpResponse<String> whep(String streamId, String offer, String... headers) {
        return post("whep", streamId, SDP, offer, headers);
    }

    /** {@code method} on {@code path} (a Location, say), with a body of {@code contentType} unless null. */
    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = request(path).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> delete(String location) {
        return send("DELETE", location, null, null);
    }

    /** The REST broadcast {@code id} of LiveApp, or null when there is none. */
    JsonNode broadcast(String id) {
        HttpResponse<String> r = send(request("/LiveApp/rest/v2/broadcasts/" + id).GET());
        return r.statusCode() == 200 ? Json.parse(r.body()) : null;
    }

    /** A one-time token of {@code type} (publish or play) for {@code streamId}, valid for an hour. */
    String token(String streamId, String type) {
        long expires = System.currentTimeMillis() / 1000 + 3600;
        HttpResponse<String> r = send(request("/LiveApp/rest/v2/broadcasts/" + streamId + "/token?type=" + type
                + "&expireDate=" + expires).GET());
        if (r.statusCode() != 200) {
            throw new AssertionError("token: " + r.statusCode() + " " + r.body());
        }
        return Json.parse(r.body()).path("tokenId").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
