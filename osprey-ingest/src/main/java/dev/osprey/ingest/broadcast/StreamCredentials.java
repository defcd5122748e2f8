package dev.osprey.ingest.broadcast;

import dev.osprey.signaling.BridgedClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The credentials an encoder puts in its URL, as Ant Media reads them: {@code token},
 * {@code subscriberId} and {@code subscriberCode} in a query string ({@code rtmp://host/App/id?token=...}
 * or the OBS stream key {@code id?token=...}).
 */
public final class StreamCredentials {
    private StreamCredentials() {
    }

    /** From a query string ({@code a=1&b=2}, without the '?'); missing parameters are null. */
    public static BridgedClient.Credentials fromQuery(String query) {
        String token = null;
        String subscriberId = null;
        String subscriberCode = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = decode(pair.substring(eq + 1));
            switch (pair.substring(0, eq)) {
                case "token" -> token = value;
                case "subscriberId" -> subscriberId = value;
                case "subscriberCode" -> subscriberCode = value;
                default -> {
                }
            }
        }
        return new BridgedClient.Credentials(token, subscriberId, subscriberCode);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value; // a stray '%': taken as written
        }
    }
}
