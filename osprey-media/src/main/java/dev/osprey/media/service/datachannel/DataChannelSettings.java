package dev.osprey.media.service.datachannel;

import java.util.Locale;

/**
 * An application's data channel settings (Ant Media's {@code dataChannelEnabled} and
 * {@code dataChannelPlayerDistribution}), read by {@link dev.osprey.media.service.MediaService} when a session starts.
 *
 * @param enabled            accept the publisher's {@code m=application} section and offer one to players;
 *                           when false, answers decline it and play offers have none
 * @param playerDistribution where a player's messages go
 */
public record DataChannelSettings(boolean enabled, PlayerDistribution playerDistribution) {

    /** Ant Media's {@code dataChannelPlayerDistribution} values. */
    public enum PlayerDistribution {
        /** To the publisher and every other player of the stream (the default). */
        ALL,
        /** To the publisher only. */
        PUBLISHER,
        /** Dropped. */
        NONE;

        /** {@code all}, {@code publisher} or {@code none} in any case; anything else is {@link #ALL}, Ant Media's default. */
        public static PlayerDistribution parse(String value) {
            if (value == null) {
                return ALL;
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "publisher" -> PUBLISHER;
                case "none" -> NONE;
                default -> ALL;
            };
        }
    }

    public DataChannelSettings {
        if (playerDistribution == null) {
            playerDistribution = PlayerDistribution.ALL;
        }
    }

    /** Enabled, players' messages to everyone: Ant Media's defaults. */
    public static DataChannelSettings defaults() {
        return new DataChannelSettings(true, PlayerDistribution.ALL);
    }
}
