package dev.osprey.server.media;

import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;

import java.util.function.Supplier;

/**
 * Feeds an application's settings in force ({@code dataChannelEnabled}, {@code dataChannelPlayerDistribution},
 * changed through {@code /rest/v2/applications/settings/{App}}) to its media service, which reads them when a
 * publish or play starts.
 */
public final class DataChannelSettingsSource {
    private DataChannelSettingsSource() {
    }

    public static Supplier<DataChannelSettings> of(ApplicationData application) {
        return () -> {
            AppSettings settings = application.settings();
            return new DataChannelSettings(settings.dataChannelEnabled,
                    DataChannelSettings.PlayerDistribution.parse(settings.dataChannelPlayerDistribution));
        };
    }
}
