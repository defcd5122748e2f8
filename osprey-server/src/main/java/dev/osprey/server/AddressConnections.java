package dev.osprey.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.shareddata.Shareable;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open TCP connections of each client address, over every HTTP verticle of one server (one per
 * Vert.x instance, found through its shared data). A connection is its {@code HttpConnection} until it
 * becomes a WebSocket, then the {@code ServerWebSocket}. Vert.x reports no close for an upgraded HTTP
 * connection, and the WebSocket's close handler belongs to the signalling, so closed WebSockets are
 * dropped when their address reaches its limit and by a sweep every {@link #SWEEP_MS} ms. Thread-safe:
 * each address is updated atomically.
 */
final class AddressConnections implements Shareable {

    static final long SWEEP_MS = 30_000;
    private static final String SHARED_NAME = "osprey.addressConnections";

    private final Map<String, Set<Object>> open = new ConcurrentHashMap<>();

    /** The server's one instance; the first call starts its sweep. */
    static AddressConnections of(Vertx vertx) {
        var shared = vertx.sharedData().<String, Shareable>getLocalMap(SHARED_NAME);
        AddressConnections created = new AddressConnections();
        Shareable existing = shared.putIfAbsent(SHARED_NAME, created);
        if (existing != null) {
            return (AddressConnections) existing;
        }
        vertx.setPeriodic(SWEEP_MS, id -> created.sweep());
        return created;
    }

    /** Forgets the WebSockets that have closed, for every address. */
    void sweep() {
        for (String address : open.keySet()) {
            open.computeIfPresent(address, (key, set) -> {
                set.removeIf(AddressConnections::isClosedWebSocket);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private static boolean isClosedWebSocket(Object connection) {
        return connection instanceof ServerWebSocket socket && socket.isClosed();
    }

    /** Counts {@code connection} for {@code address} unless that makes more than {@code limit}. */
    boolean admit(String address, Object connection, int limit) {
        boolean[] admitted = new boolean[1];
        open.compute(address, (key, connections) -> {
            Set<Object> set = connections == null ? new HashSet<>() : connections;
            if (set.size() >= limit) {
                set.removeIf(AddressConnections::isClosedWebSocket);
            }
            if (set.size() < limit) {
                set.add(connection);
                admitted[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        return admitted[0];
    }

    void release(String address, Object connection) {
        open.computeIfPresent(address, (key, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many connections {@code address} holds (closed WebSockets not yet dropped included). */
    int count(String address) {
        Set<Object> set = open.get(address);
        return set == null ? 0 : set.size();
    }

    /** The connection is now {@code after} (an HTTP connection upgraded to a WebSocket). */
    void replace(String address, Object before, Object after) {
        open.computeIfPresent(address, (key, set) -> {
            if (set.remove(before)) {
                set.add(after);
            }
            return set;
        });
    }
}
