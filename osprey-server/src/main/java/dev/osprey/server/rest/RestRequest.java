package dev.osprey.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.store.StoreJson;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** What a handler may read of a request: path and query parameters and the body (JSON or raw). */
public final class RestRequest {

    private final RoutingContext ctx;

    RestRequest(RoutingContext ctx) {
        this.ctx = ctx;
    }

    public String path(String name) {
        return ctx.pathParam(name);
    }

    /** A query parameter, or null when absent. */
    public String query(String name) {
        return ctx.queryParams().get(name);
    }

    /** A stream id path parameter, refused with 400 unless it matches {@code [A-Za-z0-9_.-]{1,255}}. */
    public String streamId(String name) {
        String id = path(name);
        if (!StreamIdRule.isValid(id)) {
            throw RestException.badRequest("Invalid stream id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
        }
        return id;
    }

    /** A non-negative integer path parameter. */
    public int nonNegative(String name) {
        String text = path(name);
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RestException.badRequest("'" + name + "' must be a non-negative integer");
    }

    /** The request host as the client addressed it, without port. */
    public String host() {
        String host = ctx.request().authority() == null ? null : ctx.request().authority().host();
        return host == null ? "localhost" : host;
    }

    /** The client's IP address: the TCP peer's, forwarding headers are not trusted. */
    public String remoteAddress() {
        return ctx.request().remoteAddress().hostAddress();
    }

    /** A cookie's value, or null when the request has none of that name. */
    public String cookie(String name) {
        var cookie = ctx.request().getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** True when the request came over HTTPS. */
    public boolean isSecure() {
        return ctx.request().isSSL();
    }

    /** The request's Content-Type header, or null. */
    public String contentType() {
        return ctx.request().getHeader("Content-Type");
    }

    /** The raw body (a fresh array); empty when there is none. */
    public byte[] bodyBytes() {
        return ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    /**
     * A file of a multipart upload, already on disk (deleted when the request ends unless moved).
     *
     * @param field    the form field it came in
     * @param fileName the name the client gave it (untrusted)
     * @param file     where it is now
     * @param size     bytes
     */
    public record UploadedFile(String field, String fileName, Path file, long size) {
    }

    /** The files of an upload route's multipart body, in the order sent; empty for other routes. */
    public List<UploadedFile> uploads() {
        return ctx.fileUploads().stream()
                .map(f -> new UploadedFile(f.name(), f.fileName(), Path.of(f.uploadedFileName()), f.size()))
                .toList();
    }

    /** The body parsed as a JSON object; an empty body is an empty object. */
    public ObjectNode jsonObject() {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            return StoreJson.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = StoreJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw RestException.badRequest("Malformed JSON body: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw RestException.badRequest("The body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Converts a JSON object into {@code type}, refusing fields of the wrong type with 400. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return StoreJson.MAPPER.treeToValue(node, type);
        } catch (MismatchedInputException e) {
            throw invalidField(e);
        } catch (JsonProcessingException e) {
            throw RestException.badRequest("Invalid JSON body: " + e.getOriginalMessage());
        }
    }

    private static RestException invalidField(MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return RestException.badRequest("Invalid value for field '" + field + "'");
    }

    /** Copies {@code node}'s fields onto {@code target}, with the same type checks as {@link #convert}. */
    public static <T> T merge(T target, JsonNode node) {
        try {
            return StoreJson.MAPPER.readerForUpdating(target).readValue(node);
        } catch (MismatchedInputException e) {
            throw invalidField(e);
        } catch (java.io.IOException e) {
            throw RestException.badRequest("Invalid JSON body: " + e.getMessage());
        }
    }
}
