package dev.osprey.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class AddressConnectionsTest {

    private final Vertx vertx = Vertx.vertx();
    private final AddressConnections connections = AddressConnections.of(vertx);

    @AfterEach
    void close() {
        vertx.close();
    }

    /** A stand-in WebSocket that only knows whether it is closed. */
    private static ServerWebSocket socket(AtomicBoolean closed) {
        return (ServerWebSocket) Proxy.newProxyInstance(ServerWebSocket.class.getClassLoader(),
                new Class<?>[]{ServerWebSocket.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> closed.get();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void oneServerSharesOneTableAndEachAddressHasItsOwnLimit() {
        assertThat(AddressConnections.of(vertx)).isSameAs(connections);
        Object a = new Object();
        Object b = new Object();
        assertThat(connections.admit("192.0.2.1", a, 2)).isTrue();
        assertThat(connections.admit("192.0.2.1", b, 2)).isTrue();
        assertThat(connections.admit("192.0.2.1", new Object(), 2)).isFalse();
        assertThat(connections.admit("192.0.2.2", new Object(), 2)).isTrue();
        connections.release("192.0.2.1", a);
        assertThat(connections.admit("192.0.2.1", new Object(), 2)).isTrue();
    }

    @Test
    void anUpgradedConnectionCountsAsItsWebSocketUntilThatCloses() {
        Object http = new Object();
        AtomicBoolean closed = new AtomicBoolean();
        assertThat(connections.admit("192.0.2.3", http, 1)).isTrue();
        connections.replace("192.0.2.3", http, socket(closed));
        connections.release("192.0.2.3", http); // an upgraded connection's HTTP side is gone: no effect
        assertThat(connections.admit("192.0.2.3", new Object(), 1)).isFalse();
        closed.set(true);
        assertThat(connections.admit("192.0.2.3", new Object(), 1)).isTrue();
    }

    @Test
    void theSweepForgetsClosedWebSocketsOfAddressesBelowTheirLimit() {
        AtomicBoolean closed = new AtomicBoolean();
        Object http = new Object();
        connections.admit("192.0.2.4", http, 10);
        connections.replace("192.0.2.4", http, socket(closed));
        connections.sweep();
        assertThat(connections.count("192.0.2.4")).isEqualTo(1);
        closed.set(true);
        connections.sweep();
        assertThat(connections.count("192.0.2.4")).isZero();
    }
}
