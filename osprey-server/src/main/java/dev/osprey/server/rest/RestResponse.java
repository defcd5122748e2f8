package dev.osprey.server.rest;

/** A handler's answer when it is not 200: the status and the JSON body. */
public record RestResponse(int status, Object body) {
}
