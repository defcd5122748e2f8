package dev.osprey.server.rest;

/** A request that cannot be served: answered with {@code status} and a failed {@link Result}. */
public final class RestException extends RuntimeException {

    private final int status;

    public RestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static RestException badRequest(String message) {
        return new RestException(400, message);
    }

    static RestException notFound(String message) {
        return new RestException(404, message);
    }
}
