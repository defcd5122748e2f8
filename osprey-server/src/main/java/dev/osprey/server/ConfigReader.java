package dev.osprey.server;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Converts raw layered values into typed ones, naming key and source in every error. */
final class ConfigReader {

    private final Map<ConfigKey, ConfigValue> values;

    ConfigReader(Map<ConfigKey, ConfigValue> values) {
        this.values = values;
    }

    String text(ConfigKey key) {
        String text = scalar(key);
        check(key, () -> Config.requireText(key, text));
        return text.trim();
    }

    String textOrEmpty(ConfigKey key) {
        return scalar(key);
    }

    int port(ConfigKey key) {
        String text = scalar(key).trim();
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(key, "must be a port number 0..65535, got '" + text + "'");
        }
        check(key, () -> Config.requirePort(key, port));
        return port;
    }

    int integer(ConfigKey key) {
        String text = scalar(key).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number, got '" + text + "'");
        }
    }

    /** A whole number no smaller than {@code min}. */
    int atLeast(ConfigKey key, int min) {
        int value = integer(key);
        check(key, () -> Config.requireAtLeast(key, value, min));
        return value;
    }

    boolean bool(ConfigKey key) {
        String text = scalar(key).trim();
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "must be true or false, got '" + text + "'");
        };
    }

    double decimal(ConfigKey key) {
        String text = scalar(key).trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(key, "must be a number, got '" + text + "'");
        }
        return value;
    }

    Path path(ConfigKey key) {
        String text = text(key);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw error(key, "is not a valid path: '" + text + "'");
        }
    }

    String iceUri() {
        String uri = scalar(ConfigKey.ICE_STUN_SERVER_URI).trim();
        check(ConfigKey.ICE_STUN_SERVER_URI, () -> Config.requireIceUri(uri));
        return uri;
    }

    List<String> applications() {
        List<String> names = list(ConfigKey.APPLICATIONS);
        check(ConfigKey.APPLICATIONS, () -> Config.requireApplications(names));
        return names;
    }

    /** A YAML list, or one comma-separated string (the command-line and environment form). */
    List<String> list(ConfigKey key) {
        Object raw = raw(key).value();
        List<String> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object item : list) {
                if (item == null || item instanceof List<?> || item instanceof Map<?, ?>) {
                    throw error(key, "must be a list of names");
                }
                items.add(item.toString().trim());
            }
        } else if (raw != null) {
            Arrays.stream(raw.toString().split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(items::add);
        }
        return items;
    }

    private String scalar(ConfigKey key) {
        Object value = raw(key).value();
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw error(key, "must be a single value, not a list or map");
        }
        return value.toString();
    }

    private ConfigValue raw(ConfigKey key) {
        ConfigValue value = values.get(key);
        return value != null ? value : new ConfigValue(Config.DEFAULTS.get(key), "default");
    }

    private void check(ConfigKey key, Runnable validation) {
        try {
            validation.run();
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (from " + raw(key).source() + ")");
        }
    }

    private ConfigException error(ConfigKey key, String problem) {
        return new ConfigException(key.key() + " " + problem + " (from " + raw(key).source() + ")");
    }
}
