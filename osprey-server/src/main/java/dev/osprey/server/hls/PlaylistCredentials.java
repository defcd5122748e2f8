package dev.osprey.server.hls;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * With play security on, every part and segment request needs the play's credentials too; players
 * request the URIs of the playlist as written. So a playlist asked for with credentials lists its URIs
 * with the same credentials appended ({@code ?token=…&subscriberId=…&subscriberCode=…}), and any
 * player works unchanged.
 */
final class PlaylistCredentials {
    private PlaylistCredentials() {
    }

    /** The query to append, {@code ?token=…}, or "" when the request carried no credentials. */
    static String query(String token, String subscriberId, String subscriberCode) {
        StringBuilder q = new StringBuilder();
        add(q, "token", token);
        add(q, "subscriberId", subscriberId);
        add(q, "subscriberCode", subscriberCode);
        return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
        if (value != null && !value.isEmpty()) {
            q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** The playlist with {@code query} after every URI: URI lines and {@code URI="…"} attributes. */
    static byte[] append(byte[] playlist, String query) {
        String text = new String(playlist, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 64 * query.length());
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = text.substring(start, end < 0 ? text.length() : end);
            if (line.isEmpty()) {
                out.append(line);
            } else if (line.charAt(0) != '#') {
                out.append(line).append(query);
            } else {
                int uri = line.indexOf("URI=\"");
                int close = uri < 0 ? -1 : line.indexOf('"', uri + 5);
                out.append(close < 0 ? line : line.substring(0, close) + query + line.substring(close));
            }
            if (end < 0) {
                break;
            }
            out.append('\n');
            start = end + 1;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
