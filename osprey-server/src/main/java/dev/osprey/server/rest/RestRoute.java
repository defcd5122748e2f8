package dev.osprey.server.rest;

import io.vertx.core.http.HttpMethod;

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
 */
public record RestRoute(HttpMethod method, String path, String summary, List<String> query, boolean hasBody,
                        List<Integer> statuses, RestHandler handler) {

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
