package dev.osprey.server.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/** Writes an OpenAPI 3.0 document from a route table — the same table {@link RestMount} mounts. */
final class OpenApi {

    private OpenApi() {
    }

    static JsonObject document(String title, String serverUrl, List<RestRoute> routes) {
        JsonObject paths = new JsonObject();
        for (RestRoute route : routes) {
            JsonObject item = paths.getJsonObject(route.path());
            if (item == null) {
                item = new JsonObject();
                paths.put(route.path(), item);
            }
            item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
        }
        return new JsonObject()
                .put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", title).put("version", "v2"))
                .put("servers", new JsonArray().add(new JsonObject().put("url", serverUrl)))
                .put("paths", paths)
                .put("components", new JsonObject().put("schemas", new JsonObject()
                        .put("Result", new JsonObject().put("type", "object").put("properties", new JsonObject()
                                .put("success", type("boolean")).put("message", type("string"))
                                .put("dataId", type("string")).put("errorId", type("integer"))))));
    }

    private static JsonObject operation(RestRoute route) {
        JsonArray parameters = new JsonArray();
        for (String name : route.pathParameters()) {
            parameters.add(new JsonObject().put("name", name).put("in", "path").put("required", true)
                    .put("schema", type("string")));
        }
        for (String name : route.query()) {
            parameters.add(new JsonObject().put("name", name).put("in", "query").put("required", false)
                    .put("schema", type("string")));
        }
        JsonObject responses = new JsonObject().put("200", new JsonObject().put("description", "OK")
                .put("content", json(new JsonObject())));
        JsonObject resultRef = new JsonObject().put("$ref", "#/components/schemas/Result");
        for (int status : route.statuses()) {
            responses.put(Integer.toString(status), new JsonObject().put("description", describe(status))
                    .put("content", json(resultRef)));
        }
        responses.put("403", new JsonObject().put("description", "Not allowed IP / Invalid App JWT Token")
                .put("content", json(resultRef)));
        JsonObject op = new JsonObject()
                .put("summary", route.summary())
                .put("operationId", route.method().name().toLowerCase(Locale.ROOT) + route.path()
                        .replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_"))
                .put("parameters", parameters)
                .put("responses", responses);
        if (route.upload() != null) {
            JsonObject form = new JsonObject().put("type", "object").put("properties", new JsonObject()
                    .put("file", new JsonObject().put("type", "string").put("format", "binary")));
            op.put("requestBody", new JsonObject().put("content", new JsonObject()
                    .put("multipart/form-data", new JsonObject().put("schema", form))));
        } else if (route.hasBody()) {
            op.put("requestBody", new JsonObject().put("content", json(new JsonObject().put("type", "object"))));
        }
        return op;
    }

    private static JsonObject json(JsonObject schema) {
        return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
    }

    private static JsonObject type(String name) {
        return new JsonObject().put("type", name);
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 413 -> "Body too large";
            case 501 -> "Not implemented in Osprey yet";
            case 503 -> "Service unavailable";
            default -> "Error";
        };
    }
}
