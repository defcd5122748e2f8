package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.store.StoreJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/** Verifies compact JWS tokens signed with HMAC-SHA256 (RFC 7515, RFC 7519): signature, {@code exp}, {@code nbf}. */
final class Hs256Jwt {

    private Hs256Jwt() {
    }

    /**
     * True when {@code token} is an HS256 JWT signed with {@code secret} and valid at {@code nowSeconds}.
     * Any malformed token is simply invalid.
     */
    static boolean isValid(String token, String secret, long nowSeconds) {
        if (token == null || secret == null || secret.isEmpty()) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = StoreJson.MAPPER.readTree(decoder.decode(parts[0]));
            if (header == null || !"HS256".equals(header.path("alg").asText())) {
                return false; // never "none", never another algorithm chosen by the token itself
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, decoder.decode(parts[2]))) {
                return false;
            }
            JsonNode claims = StoreJson.MAPPER.readTree(decoder.decode(parts[1]));
            if (claims == null || !claims.isObject()) {
                return false;
            }
            if (claims.has("exp") && (!claims.get("exp").isNumber() || claims.get("exp").asLong() <= nowSeconds)) {
                return false;
            }
            return !claims.has("nbf") || (claims.get("nbf").isNumber() && claims.get("nbf").asLong() <= nowSeconds);
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return false;
        }
    }
}
