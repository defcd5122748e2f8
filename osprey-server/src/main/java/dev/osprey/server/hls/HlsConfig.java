package dev.osprey.server.hls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.record.hls.HlsSettings;
import dev.osprey.record.hls.SegmentFormat;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.Broadcast;

/**
 * Reads a stream's HLS settings from the application's settings (Ant Media's names, strings in its
 * REST) and the broadcast's {@code hlsParameters}. A value that does not parse or is out of range takes
 * the default, so a typo in the settings never stops a stream.
 */
record HlsConfig(HlsSettings settings, boolean deleteOldSegments, boolean deleteOnEnd) {
    private static final HlsSettings DEFAULTS = HlsSettings.defaults();

    static HlsConfig of(AppSettings app, Broadcast broadcast) {
        JsonNode override = broadcast == null ? null : broadcast.hlsParameters;
        double time = number(text(override, "hlsTime", app.hlsTime), DEFAULTS.segmentSeconds(), 0.5, 60);
        int listSize = (int) number(text(override, "hlsListSize", app.hlsListSize), DEFAULTS.listSize(), 2, 10_000);
        String type = text(override, "hlsPlayListType", app.hlsPlayListType);
        type = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
        if (!type.isEmpty() && !type.equals("event") && !type.equals("vod")) {
            type = "";
        }
        double part = number(app.llHlsPartTime, DEFAULTS.partMillis() / 1000.0, 0, 5);
        int partMillis = (int) Math.round(part * 1000);
        if (partMillis > 0 && partMillis < 100) {
            partMillis = 100;
        }
        String flags = app.hlsflags == null ? "" : app.hlsflags;
        HlsSettings settings = new HlsSettings(time, listSize, type, SegmentFormat.SegmentType.of(app.hlsSegmentType),
                Math.min(partMillis, (int) (time * 1000)), flags.contains("program_date_time"));
        return new HlsConfig(settings, flags.contains("delete_segments"), app.deleteHLSFilesOnEnded);
    }

    private static String text(JsonNode override, String field, String fallback) {
        JsonNode value = override == null ? null : override.get(field);
        return value != null && !value.isNull() && !value.asText().isBlank() ? value.asText() : fallback;
    }

    private static double number(String text, double fallback, double min, double max) {
        try {
            double v = Double.parseDouble(text == null ? "" : text.trim());
            return v >= min && v <= max ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
