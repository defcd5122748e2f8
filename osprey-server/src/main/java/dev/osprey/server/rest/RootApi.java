package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.BroadcastQuery;
import dev.osprey.server.webhook.WebhookUrlPolicy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

/**
 * The server-level REST API at {@code /rest/v2}: the application list, each application's settings
 * (where Ant Media's console serves them, {@code /rest/v2/applications/settings/{App}}) and the
 * figures the web console shows.
 */
final class RootApi {

    private final Map<String, ApplicationData> applications;

    RootApi(Map<String, ApplicationData> applications) {
        this.applications = applications;
    }

    List<RestRoute> routes() {
        List<RestRoute> r = new ArrayList<>();
        r.add(new RestRoute(GET, "/applications", "Application names", List.of(), false, List.of(),
                req -> Map.of("applications", List.copyOf(applications.keySet()))));
        r.add(new RestRoute(GET, "/applications/settings/{app}", "An application's settings (secrets masked)",
                List.of(), false, List.of(404), req -> SettingsSecrets.masked(app(req).settings())));
        r.add(new RestRoute(POST, "/applications/settings/{app}",
                "Replace an application's settings (a masked secret sent back keeps its value)", List.of(), true,
                List.of(400, 404), this::saveSettings));
        r.add(new RestRoute(GET, "/server-stats", "CPU, memory, live streams and viewers", List.of(), false, List.of(),
                req -> serverStats()));
        return r;
    }

    private ApplicationData app(RestRequest req) {
        ApplicationData data = applications.get(req.path("app"));
        if (data == null) {
            throw RestException.notFound("No such application");
        }
        return data;
    }

    private Object saveSettings(RestRequest req) {
        ApplicationData data = app(req);
        ObjectNode body = req.jsonObject();
        SettingsSecrets.restoreMasked(body, data.settings());
        AppSettings settings = RestRequest.convert(body, AppSettings.class);
        if (settings.remoteAllowedCIDR == null || settings.listenerHookURL == null || settings.jwtSecretKey == null
                || settings.webhookContentType == null) {
            throw RestException.badRequest("remoteAllowedCIDR, listenerHookURL, jwtSecretKey and webhookContentType must not be null");
        }
        try {
            Cidr.parseList(settings.remoteAllowedCIDR);
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("remoteAllowedCIDR: " + e.getMessage());
        }
        if (settings.jwtControlEnabled && (settings.jwtSecretKey == null || settings.jwtSecretKey.length() < 32)) {
            throw RestException.badRequest("jwtSecretKey must have at least 32 characters when jwtControlEnabled is true");
        }
        if (settings.webhookRetryCount < 0 || settings.webhookRetryAttemptDelay < 0) {
            throw RestException.badRequest("webhookRetryCount and webhookRetryAttemptDelay must not be negative");
        }
        if (settings.dataChannelWebHookURL == null) {
            settings.dataChannelWebHookURL = "";
        }
        WebhookUrlPolicy.problemInSettings(settings).ifPresent(problem -> {
            throw RestException.badRequest(problem);
        });
        if (settings.timeTokenPeriod < 1) {
            throw RestException.badRequest("timeTokenPeriod must be at least 1 second");
        }
        data.saveSettings(settings);
        return Result.ok(null, data.name());
    }

    private Map<String, Object> serverStats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            stats.put("cpuLoadPercent", percent(sun.getCpuLoad()));
            stats.put("processCpuLoadPercent", percent(sun.getProcessCpuLoad()));
            stats.put("systemMemoryTotalBytes", sun.getTotalMemorySize());
            stats.put("systemMemoryFreeBytes", sun.getFreeMemorySize());
        }
        stats.put("cpuCount", os.getAvailableProcessors());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        stats.put("jvmHeapUsedBytes", heap.getUsed());
        stats.put("jvmHeapMaxBytes", heap.getMax());
        stats.put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime());
        long live = 0;
        long viewers = 0;
        List<Map<String, Object>> apps = new ArrayList<>();
        for (ApplicationData data : applications.values()) {
            long appLive = 0;
            long appViewers = 0;
            int offset = 0;
            for (List<Broadcast> page; !(page = data.store().broadcasts(new BroadcastQuery(offset, BroadcastQuery.MAX_SIZE,
                    null, Broadcast.STATUS_BROADCASTING, null, true, null))).isEmpty(); offset += page.size()) {
                appLive += page.size();
                for (Broadcast b : page) {
                    appViewers += b.webRTCViewerCount + b.hlsViewerCount + b.rtmpViewerCount + b.dashViewerCount;
                }
            }
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("name", data.name());
            app.put("broadcasts", data.store().countBroadcasts(null));
            app.put("liveStreams", appLive);
            app.put("viewers", appViewers);
            apps.add(app);
            live += appLive;
            viewers += appViewers;
        }
        stats.put("liveStreams", live);
        stats.put("viewers", viewers);
        stats.put("applications", apps);
        return stats;
    }

    /** The MXBean reports a fraction, or a negative value while it has no sample yet. */
    private static double percent(double fraction) {
        return fraction < 0 ? 0 : Math.round(fraction * 1000) / 10.0;
    }
}
