package dev.osprey.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.store.StoreJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** Compact JWS tokens signed with HMAC-SHA256 (RFC 7515, RFC 7519): signing, and checking signature, {@code exp}, {@code nbf}. */
public final class Hs256Jwt {

    private static final String HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    private Hs256Jwt() {
    }

    /** True when {@code token} is an HS256 JWT signed with {@code secret} and valid at {@code nowSeconds}. */
    public static boolean isValid(String token, String secret, long nowSeconds) {
        return claims(token, secret, nowSeconds).isPresent();
    }

    /**
     * The claims of {@code token} when it is an HS256 JWT signed with {@code secret} and not expired
     * ({@code exp}) or not yet valid ({@code nbf}) at {@code nowSeconds}; empty for anything else,
     * malformed tokens included.
     */
    public static Optional<ObjectNode> claims(String token, String secret, long nowSeconds) {
        if (token == null || secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = StoreJson.MAPPER.readTree(decoder.decode(parts[0]));
            if (header == null || !"HS256".equals(header.path("alg").asText())) {
                return Optional.empty(); // never "none", never another algorithm chosen by the token itself
            }
            byte[] expected = sign(parts[0] + "." + parts[1], secret);
            if (!MessageDigest.isEqual(expected, decoder.decode(parts[2]))) {
                return Optional.empty();
            }
            if (!(StoreJson.MAPPER.readTree(decoder.decode(parts[1])) instanceof ObjectNode claims)) {
                return Optional.empty();
            }
            if (claims.has("exp") && (!claims.get("exp").isNumber() || claims.get("exp").asLong() <= nowSeconds)) {
                return Optional.empty();
            }
            boolean started = !claims.has("nbf") || (claims.get("nbf").isNumber() && claims.get("nbf").asLong() <= nowSeconds);
            return started ? Optional.of(claims) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A token carrying {@code claims}, signed with {@code secret}. */
    public static String create(ObjectNode claims, String secret) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String signingInput = HEADER + "." + encoder.encodeToString(StoreJson.write(claims).getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + encoder.encodeToString(sign(signingInput, secret));
    }

    private static byte[] sign(String signingInput, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
