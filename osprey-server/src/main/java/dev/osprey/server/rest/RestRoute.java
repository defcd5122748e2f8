package dev.osprey.server.rest;

import io.vertx.core.http.HttpMethod;

import java.nio.file.Path;
import java.util.List;

/**
 * One entry of a route table: what is mounted and what the OpenAPI document says come from the same
 * object, so the two cannot drift apart.
 *
 * @param method   HTTP method
 * @param path     path below the API base, OpenAPI style: {@code /broadcasts/{id}}
 * @param summary  one line for the OpenAPI document
 * @param query    documented query parameters
 * @param hasBody  whether the request carries a JSON body
 * @param statuses the non-200 statuses the route answers with, for the OpenAPI document
 * @param handler  the implementation
 * @param upload   for a multipart file upload, where its files go and how large the body may be; null for
 *                 a JSON or raw body of at most {@link RestMount#MAX_BODY_BYTES}
 */
public record RestRoute(HttpMethod method, String path, String summary, List<String> query, boolean hasBody,
                        List<Integer> statuses, RestHandler handler, Upload upload) {

    public RestRoute(HttpMethod method, String path, String summary, List<String> query, boolean hasBody,
                     List<Integer> statuses, RestHandler handler) {
        this(method, path, summary, query, hasBody, statuses, handler, null);
    }

    /**
     * A multipart upload's limits: its files are written to {@code directory} (on the file system they
     * are kept on, so that keeping one is a rename) and deleted when the request ends unless moved.
     */
    public record Upload(long maxBytes, Path directory) {
    }

    /** The Vert.x form of {@link #path}: {@code /broadcasts/:id}. */
    public String vertxPath() {
        return path.replaceAll("\\{([A-Za-z_]+)}", ":$1");
    }

    /** The path parameter names, in order. */
    public List<String> pathParameters() {
        return java.util.regex.Pattern.compile("\\{([A-Za-z_]+)}").matcher(path).results().map(m -> m.group(1)).toList();
    }

    /** A regular expression matching concrete paths of this route (for telling 404 from 405). */
    String pathRegex() {
        return path.replace(".", "\\.").replaceAll("\\{[A-Za-z_]+}", "[^/]+");
    }
}
