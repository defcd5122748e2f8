package dev.osprey.server.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Stops requests that a page on another site makes the browser send (CSRF). Only state-changing
 * methods are checked: a page cannot read what a cross-site GET answers.
 * <ul>
 *   <li>A {@code Content-Type}, when sent, must be JSON ({@code application/json}, {@code ...+json}) or
 *   {@code application/octet-stream} (binary data channel messages), and a body needs one: 415 otherwise.
 *   Forms and {@code fetch} without CORS can only send {@code text/plain}, form-encoded or multipart
 *   bodies; a JSON type makes the browser ask first (CORS preflight), which this server never allows.
 *   Upload paths take {@code multipart/form-data} as well: there the {@code Origin} rule below and the
 *   credentials a form cannot send (a {@code SameSite=Strict} session cookie, a JWT header) protect.</li>
 *   <li>An {@code Origin}, when sent, must be this server as the request addresses it (same host and
 *   port as {@code Host}): 403 otherwise. Browsers send it with every cross-origin POST, PUT and
 *   DELETE, body or not.</li>
 * </ul>
 */
final class CrossSiteFilter implements SecurityPolicyHandler {

    static final String UNSUPPORTED_TYPE = "Content-Type must be application/json "
            + "(or application/octet-stream for binary data)";
    static final String FOREIGN_ORIGIN = "Cross-origin request refused";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Predicate<HttpServerRequest> uploads;

    /** No uploads: multipart bodies are refused everywhere. */
    CrossSiteFilter() {
        this(request -> false);
    }

    /** @param uploads the requests that may carry a {@code multipart/form-data} body */
    CrossSiteFilter(Predicate<HttpServerRequest> uploads) {
        this.uploads = uploads;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (SAFE.contains(request.method())) {
            ctx.next();
            return;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean accepted = type != null && (acceptedType(type) || (isMultipartForm(type) && uploads.test(request)));
        if (type != null ? !accepted : hasBody(request)) {
            RestMount.send(ctx, 415, Result.failure(UNSUPPORTED_TYPE));
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.authority())) {
            RestMount.send(ctx, 403, Result.failure(FOREIGN_ORIGIN));
            return;
        }
        ctx.next();
    }

    static boolean acceptedType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))
                || media.equals("application/octet-stream");
    }

    private static boolean isMultipartForm(String contentType) {
        return contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * Host and port of {@code origin} against those of the {@code Host} header, a missing port being the
     * origin scheme's default either way (so that it also holds behind a TLS-terminating proxy).
     * {@code Origin: null} (sandboxed frames, some redirects) never matches.
     */
    static boolean sameOrigin(String origin, HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = authority.port() < 0 ? defaultPort : authority.port();
        return originPort == hostPort && bare(uri.getHost()).equalsIgnoreCase(bare(authority.host()));
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
