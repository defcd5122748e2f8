package dev.osprey.server;

/**
 * A configuration value, file or command-line argument is wrong. The message is meant for the
 * user as is: it names the key, where the value came from and what is expected.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
