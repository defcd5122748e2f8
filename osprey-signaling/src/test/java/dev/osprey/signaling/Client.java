package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One connected test client: a session plus its recording connection. */
final class Client {

    final RecordingConnection connection;
    final SignalingSession session;

    Client(SignalingApplication app, String address) {
        connection = new RecordingConnection(address);
        session = app.open(connection);
    }

    /** Sends a message written with single quotes. */
    Client send(String singleQuotedJson) {
        session.onText(singleQuotedJson.replace('\'', '"'));
        return this;
    }

    Client sendRaw(String text) {
        session.onText(text);
        return this;
    }

    List<JsonNode> drain() {
        return connection.drain();
    }

    /** Asserts the client received exactly these messages (field order ignored) since the last check. */
    void expect(String... singleQuotedJson) {
        List<JsonNode> expected = java.util.Arrays.stream(singleQuotedJson).map(RecordingConnection::json).toList();
        assertThat(drain()).containsExactlyElementsOf(expected);
    }

    void expectNothing() {
        assertThat(drain()).isEmpty();
    }

    /** Exactly one message arrived; returns it. */
    JsonNode single() {
        List<JsonNode> messages = drain();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    void close() {
        session.onClose();
    }
}
