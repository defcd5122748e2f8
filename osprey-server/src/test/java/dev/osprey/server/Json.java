package dev.osprey.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON for the protocol tests: parse replies, build commands. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** {@code object("command", "publish", "streamId", "s1", "video", true)}; values: String, Boolean, Number, JsonNode or null. */
    static ObjectNode object(Object... keysAndValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object value = keysAndValues[i + 1];
            switch (value) {
                case null -> node.putNull(key);
                case String s -> node.put(key, s);
                case Boolean b -> node.put(key, b);
                case Integer n -> node.put(key, n);
                case Long n -> node.put(key, n);
                case Double n -> node.put(key, n);
                case JsonNode j -> node.set(key, j);
                default -> throw new IllegalArgumentException("unsupported value " + value);
            }
        }
        return node;
    }
}
