package dev.osprey.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Layers the configuration sources, highest first: command line {@code --key=value}, environment
 * {@code OSPREY_KEY_NAME}, the YAML file, built-in defaults.
 *
 * <p>The file is {@code --config=PATH}, else {@code $OSPREY_CONFIG}, else {@code conf/osprey.yaml};
 * only the last may be missing. Unknown keys in the file or on the command line are errors (they
 * are typos); unknown {@code OSPREY_*} variables are ignored because the launcher uses some too.
 */
public final class ConfigLoader {

    public static final Path DEFAULT_FILE = Path.of("conf", "osprey.yaml");
    static final String CONFIG_OPTION = "config";
    static final String CONFIG_ENV = "OSPREY_CONFIG";

    private ConfigLoader() {
    }

    /**
     * @param args command-line arguments, each {@code --key=value}
     * @param env  the environment ({@code System.getenv()})
     * @throws ConfigException when an argument, the file or a value is wrong
     */
    public static Config load(List<String> args, Map<String, String> env) {
        Map<String, ConfigValue> cli = parseArguments(args);
        Map<ConfigKey, ConfigValue> layered = new EnumMap<>(ConfigKey.class);

        ConfigValue fileOption = cli.remove(CONFIG_OPTION);
        if (fileOption != null) {
            readFile(Path.of(fileOption.value().toString()), false, layered);
        } else if (env.containsKey(CONFIG_ENV)) {
            readFile(Path.of(env.get(CONFIG_ENV)), false, layered);
        } else {
            readFile(DEFAULT_FILE, true, layered);
        }
        for (ConfigKey key : ConfigKey.values()) {
            String value = env.get(key.envName());
            if (value != null) {
                layered.put(key, new ConfigValue(value, key.envName()));
            }
        }
        cli.forEach((name, value) -> layered.put(ConfigKey.byKey(name).orElseThrow(), value));
        return Config.from(layered);
    }

    /** One line per key for {@code --help}. */
    public static String usage() {
        String keys = Stream.of(ConfigKey.values())
                .map(k -> String.format("  --%-22s %-30s %s%n", k.key() + "=", k.envName(), k.description()))
                .collect(Collectors.joining());
        return "usage: java -jar osprey-server.jar [--config=FILE] [--key=value ...]\n"
                + "Each key may also be set in the environment (second column) or in " + DEFAULT_FILE + ".\n"
                + "Precedence: command line > environment > file > built-in default.\n"
                + keys;
    }

    private static Map<String, ConfigValue> parseArguments(List<String> args) {
        Map<String, ConfigValue> cli = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new ConfigException("unexpected argument '" + arg + "': options look like --key=value (see --help)");
            }
            String name = arg.substring(2, eq);
            if (!name.equals(CONFIG_OPTION) && ConfigKey.byKey(name).isEmpty()) {
                throw new ConfigException("unknown option --" + name + " (see --help for the keys)");
            }
            cli.put(name, new ConfigValue(arg.substring(eq + 1), "--" + name));
        }
        return cli;
    }

    private static void readFile(Path file, boolean mayBeMissing, Map<ConfigKey, ConfigValue> into) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (mayBeMissing) {
                return;
            }
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + " must contain a map of keys");
        }
        flatten("", root, file.toString(), into);
    }

    /** Walks nested maps; a path that names a key is a leaf whatever its shape, so that bad shapes get a clear error. */
    private static void flatten(String prefix, JsonNode node, String source, Map<ConfigKey, ConfigValue> into) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            var key = ConfigKey.byKey(path);
            if (key.isPresent()) {
                into.put(key.get(), new ConfigValue(plain(value), source));
            } else if (value.isObject() && hasKeysUnder(path)) {
                flatten(path, value, source, into);
            } else {
                throw new ConfigException(source + ": unknown key '" + path + "'");
            }
        }
    }

    private static boolean hasKeysUnder(String prefix) {
        return Stream.of(ConfigKey.values()).anyMatch(k -> k.key().startsWith(prefix + "."));
    }

    private static Object plain(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<Object> items = new ArrayList<>();
            value.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (value.isObject()) {
            return Map.of();
        }
        return value.asText();
    }
}
