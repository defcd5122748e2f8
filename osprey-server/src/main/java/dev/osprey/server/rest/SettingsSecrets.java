package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.StoreJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Application settings as the REST API shows them: every secret (Ant Media's JWT keys, token secrets,
 * and any setting whose name contains "secret", "password" or "credential") reads as {@link #MASK}
 * when set. A settings document posted back with the mask in such a field keeps the stored value, so a
 * read-modify-write round trip changes nothing it did not mean to.
 */
final class SettingsSecrets {

    static final String MASK = "********";
    private static final Set<String> NAMED = Set.of("jwtsecretkey", "jwtstreamsecretkey", "tokenhashsecret",
            "timetokensecretforpublish", "timetokensecretforplay");
    private static final List<String> MARKERS = List.of("secret", "password", "credential");

    private SettingsSecrets() {
    }

    static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NAMED.contains(lower) || MARKERS.stream().anyMatch(lower::contains);
    }

    /** The settings as JSON with every non-empty secret text replaced by the mask. */
    static ObjectNode masked(AppSettings settings) {
        ObjectNode json = StoreJson.MAPPER.valueToTree(settings);
        for (String name : secretFields(json)) {
            json.put(name, MASK);
        }
        return json;
    }

    /** Puts the stored value back into every secret field of {@code posted} that holds the mask. */
    static void restoreMasked(ObjectNode posted, AppSettings stored) {
        ObjectNode current = StoreJson.MAPPER.valueToTree(stored);
        List<String> masked = new ArrayList<>();
        posted.properties().forEach(field -> {
            if (isSecret(field.getKey()) && field.getValue().isTextual() && MASK.equals(field.getValue().textValue())) {
                masked.add(field.getKey());
            }
        });
        for (String name : masked) {
            JsonNode kept = current.get(name);
            if (kept != null) {
                posted.set(name, kept);
            } else {
                posted.remove(name); // nothing stored under that name: the mask is not a value to keep
            }
        }
    }

    private static List<String> secretFields(ObjectNode json) {
        List<String> names = new ArrayList<>();
        json.properties().forEach(field -> {
            if (isSecret(field.getKey()) && field.getValue().isTextual() && !field.getValue().textValue().isEmpty()) {
                names.add(field.getKey());
            }
        });
        return names;
    }
}
