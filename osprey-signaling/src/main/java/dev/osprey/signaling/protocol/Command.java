package dev.osprey.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One client message with tolerant field access. The SDKs serialise optional values as absent,
 * {@code ""} or {@code null}, send booleans as {@code true} or {@code "true"}, and spell a few fields
 * in two ways; these accessors absorb all of that. A value of a type that cannot mean what the field
 * means throws {@link MalformedCommandException} ({@link Definitions#INVALID_FIELD}).
 */
public final class Command {

    private final String name;
    private final ObjectNode json;

    Command(String name, ObjectNode json) {
        this.name = name;
        this.json = json;
    }

    /** The {@code command} value, never empty. */
    public String name() {
        return name;
    }

    /** The whole message as received, for commands relayed unchanged to another client. */
    public ObjectNode json() {
        return json;
    }

    /** A string field; {@code null} when absent, JSON null or empty. */
    public String text(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string");
        }
        String value = node.textValue();
        return value.isEmpty() ? null : value;
    }

    /** The first of the given spellings that carries a non-empty string ({@code metadata} vs {@code metaData}). */
    public String text(String field, String otherSpelling) {
        String value = text(field);
        return value != null ? value : text(otherSpelling);
    }

    /**
     * A free-form field such as {@code metaData}: strings as they are, objects and other values as
     * their JSON text (some apps pass an object where the SDK expects a string), "" when absent.
     */
    public String freeText(String field, String otherSpelling) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            node = json.get(otherSpelling);
        }
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** A boolean field given as {@code true}/{@code false} or as the strings "true"/"false" (any case). */
    public boolean bool(String field, boolean defaultValue) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String value = node.textValue();
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw wrongType(field, "a boolean");
    }

    /** A boolean field as {@link #bool(String, boolean)} reads it; {@code null} when absent, null or "". */
    public Boolean bool(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            return null;
        }
        return bool(field, false);
    }

    /** A boolean under the first spelling present ({@code video}, {@code enableVideo}, {@code enablevideo}). */
    public boolean bool(boolean defaultValue, String... spellings) {
        for (String field : spellings) {
            JsonNode node = json.get(field);
            if (node != null && !node.isNull()) {
                return bool(field, defaultValue);
            }
        }
        return defaultValue;
    }

    /** An integer field given as a JSON integer or a decimal string; {@code null} when absent, null or "". */
    public Integer integer(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            String value = node.textValue().trim();
            if (value.isEmpty()) {
                return null;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                // falls through to the type error below
            }
        }
        throw wrongType(field, "an integer");
    }

    /** An integer field, or {@code defaultValue} when absent. */
    public int integer(String field, int defaultValue) {
        Integer value = integer(field);
        return value == null ? defaultValue : value;
    }

    /** An array of strings; empty when absent or null. */
    public List<String> textList(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(field, "an array of strings");
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw wrongType(field, "an array of strings");
            }
            out.add(element.textValue());
        }
        return out;
    }

    private static MalformedCommandException wrongType(String field, String expected) {
        return new MalformedCommandException(Definitions.INVALID_FIELD, field + " must be " + expected);
    }
}
