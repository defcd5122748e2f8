package dev.osprey.server;

/** The server could not start (a port is taken, an address cannot be bound, ...). The message says why. */
public final class ServerStartException extends RuntimeException {

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
