package dev.osprey.server.store;

/** The data store failed (I/O, corrupt database); never a client mistake. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
