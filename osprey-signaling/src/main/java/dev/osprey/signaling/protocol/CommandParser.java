package dev.osprey.signaling.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns one text frame into a {@link Command}. Thread-safe. */
public final class CommandParser {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CommandParser() {
    }

    /**
     * Parses one message.
     *
     * @throws MalformedCommandException when the text is not a JSON object with a non-empty string
     *                                   {@code command}
     */
    public static Command parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedCommandException(Definitions.INVALID_JSON, "text frame is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedCommandException(Definitions.INVALID_JSON, "text frame is empty");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new MalformedCommandException(Definitions.NOT_A_JSON_OBJECT, "message must be a JSON object");
        }
        JsonNode command = object.get("command");
        if (command == null || !command.isTextual() || command.textValue().isEmpty()) {
            throw new MalformedCommandException(Definitions.MISSING_COMMAND, "message needs a string field \"command\"");
        }
        return new Command(command.textValue(), object);
    }
}
