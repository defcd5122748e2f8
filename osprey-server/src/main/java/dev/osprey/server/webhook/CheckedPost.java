package dev.osprey.server.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * One POST of a webhook to the address {@link WebhookUrlPolicy#destination} checked, never to the
 * URL's name again (DNS may answer differently now); the {@code Host} header, TLS server name and
 * certificate check stay the URL's host. No redirect is followed, the answer's body is read and
 * dropped, and the whole call ends after {@code callTimeoutMs} whatever the receiver does.
 */
public final class CheckedPost {

    private CheckedPost() {
    }

    /** Completes with the answer's status once its body was read; fails on any error or timeout. */
    public static Future<Integer> send(Vertx vertx, HttpClient client, URI uri, InetAddress address, String contentType,
                                       Buffer body, int connectTimeoutMs, long callTimeoutMs) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri.toString())
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeoutMs)
                .setIdleTimeout(connectTimeoutMs)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.USER_AGENT, "Osprey");
        return client.request(options).compose(request -> {
            long deadline = vertx.setTimer(callTimeoutMs, t -> request.reset());
            return request.send(body)
                    .compose(response -> {
                        response.handler(ignored -> { }); // read, not kept: a receiver's answer is not needed
                        return response.end().map(ignored -> response.statusCode());
                    })
                    .onComplete(ignored -> vertx.cancelTimer(deadline));
        });
    }
}
