package dev.osprey.server.security;

import dev.osprey.server.store.DataStore;
import dev.osprey.server.store.StreamToken;

import java.security.SecureRandom;
import java.util.Optional;

/** Ant Media's one-time stream tokens: created over REST, used up by their first successful use. */
public final class OneTimeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** 32 characters of a 62-letter alphabet: 190 bits, beyond guessing. */
    private static final int ID_LENGTH = 32;

    private OneTimeTokens() {
    }

    public static String newTokenId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    /**
     * True when {@code token} lets its holder {@code type} ({@code publish}/{@code play}) the stream at
     * {@code nowSeconds}: a token made for a room ({@code roomId}) is good for the room and every
     * stream in it, any other for its stream only.
     */
    static boolean grants(StreamToken token, String streamId, String roomId, String type, long nowSeconds) {
        if (!type.equals(token.type()) || token.expireDate() <= nowSeconds) {
            return false;
        }
        String tokenRoom = token.roomId();
        if (tokenRoom != null && !tokenRoom.isEmpty()) {
            return tokenRoom.equals(roomId) || tokenRoom.equals(streamId);
        }
        return token.streamId().equals(streamId);
    }

    /** True when the token grants the access, leaving it in the store (HTTP file requests). Blocking. */
    public static boolean isValid(DataStore store, String tokenId, String streamId, String roomId, String type,
                                  long nowSeconds) {
        if (tokenId == null || tokenId.isEmpty() || tokenId.length() > 255) {
            return false;
        }
        Optional<StreamToken> token = store.token(tokenId);
        return token.isPresent() && grants(token.get(), streamId, roomId, type, nowSeconds);
    }

    /**
     * Uses the token up when it grants the access: true only for the one caller whose delete
     * removed it, so two clients racing with one token never both get in. Blocking.
     */
    public static boolean consume(DataStore store, String tokenId, String streamId, String roomId, String type,
                                  long nowSeconds) {
        if (tokenId == null || tokenId.isEmpty() || tokenId.length() > 255) {
            return false;
        }
        Optional<StreamToken> token = store.token(tokenId);
        return token.isPresent() && grants(token.get(), streamId, roomId, type, nowSeconds) && store.deleteToken(tokenId);
    }
}
