package dev.osprey.server;

import java.util.List;

/** The page at {@code /}: links to every application's sample pages and its WebSocket URL. */
final class HomePage {

    private HomePage() {
    }

    /** Application names are validated to {@code [A-Za-z0-9_-]}, so they need no HTML escaping. */
    static String html(List<String> applications) {
        StringBuilder items = new StringBuilder();
        for (String app : applications) {
            items.append("    <li><a href=\"/").append(app).append("/\">").append(app).append("</a>")
                    .append(" &mdash; WebSocket <code>/").append(app).append("/websocket</code></li>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Osprey</title>
                </head>
                <body>
                  <h1>Osprey</h1>
                  <p>Applications:</p>
                  <ul>
                %s  </ul>
                </body>
                </html>
                """.formatted(items);
    }
}
