package dev.osprey.server.rest;

import java.util.Map;

/**
 * A handler's answer when it is not a plain 200: the status, the JSON body and extra headers
 * (a login's {@code Set-Cookie}, a throttled login's {@code Retry-After}).
 */
public record RestResponse(int status, Object body, Map<String, String> headers) {

    public RestResponse {
        headers = Map.copyOf(headers);
    }

    public RestResponse(int status, Object body) {
        this(status, body, Map.of());
    }
}
