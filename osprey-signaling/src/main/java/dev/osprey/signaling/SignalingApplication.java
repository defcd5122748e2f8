package dev.osprey.signaling;

/**
 * The signalling side of one application ("LiveApp", "WebRTCAppEE", ...): its stream registry,
 * peer-to-peer pairs and rooms, and every connected session. Thread-safe.
 *
 * <p>Skeleton: the protocol is implemented in this module by the foundation issue.
 */
public final class SignalingApplication {

    private final String name;
    private final SignalingConfig config;

    public SignalingApplication(String name, SignalingConfig config) {
        this.name = name;
        this.config = config;
    }

    public String name() {
        return name;
    }

    public SignalingConfig config() {
        return config;
    }

    /** Registers a newly opened WebSocket and returns the session that receives its frames. */
    public SignalingSession open(ClientConnection connection) {
        return new SignalingSession() {
            @Override
            public void onText(String text) {
                if (text.contains("\"ping\"")) {
                    connection.send("{\"command\":\"pong\"}");
                }
            }

            @Override
            public void onBinary(int length) {
            }

            @Override
            public void onClose() {
            }
        };
    }

    /** Tells every connected client that the server is going down ({@code notification/server_will_stop}). */
    public void notifyShutdown() {
    }

    /** Number of open sessions (connected sockets). */
    public int sessionCount() {
        return 0;
    }
}
