package dev.osprey.server.rest;

/**
 * Serves one route on a worker thread (it may block on the store). Returns the body to send as JSON
 * with 200, or a {@link RestResponse}; throws {@link RestException} for a client error.
 */
@FunctionalInterface
public interface RestHandler {

    Object handle(RestRequest request);
}
