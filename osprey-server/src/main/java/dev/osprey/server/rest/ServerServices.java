package dev.osprey.server.rest;

import dev.osprey.server.console.ConsoleRoutes;
import dev.osprey.server.security.StreamAccessGuard;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.BroadcastLifecycle;
import dev.osprey.server.webhook.DataChannelWebhook;
import dev.osprey.server.webhook.WebhookNotifier;
import dev.osprey.server.webhook.WebhookSender;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * Everything the server runs besides signalling and static pages: per application its data store,
 * broadcast lifecycle and webhooks (stream events, data channel messages); the REST API v2 ({@code /{App}/rest/v2}, {@code /rest/v2}) and
 * the web console ({@code /}). Lifecycle: {@link #open} before the signalling applications exist
 * (they take {@link #lifecycle} as their events and {@link #guard} as their access guard),
 * {@link #attach} once Vert.x runs,
 * {@link #mount} per HTTP verticle, {@link #close} after the last socket is gone.
 */
public final class ServerServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerServices.class);
    private static final int ACCESS_LOOKUP_THREADS = 2;

    private final Map<String, ApplicationData> data;
    private final Map<String, BroadcastLifecycle> lifecycles;
    private final Map<String, WebhookNotifier> notifiers;
    private final Map<String, DataChannelWebhook> dataWebhooks;
    private final Map<String, StreamAccessGuard> guards;
    /** Runs the access guards' store lookups (token use, subscribers), off the event loops. */
    private final ExecutorService accessLookups;
    private final Map<String, StreamControl> controls = new ConcurrentHashMap<>();
    private final Map<String, LiveMedia> media = new ConcurrentHashMap<>();
    private final AppSettings consoleAccess;

    private ServerServices(Map<String, ApplicationData> data, Map<String, BroadcastLifecycle> lifecycles,
                           Map<String, WebhookNotifier> notifiers, Map<String, DataChannelWebhook> dataWebhooks,
                           String consoleAllowedCidr) {
        this.data = data;
        this.lifecycles = lifecycles;
        this.notifiers = notifiers;
        this.dataWebhooks = dataWebhooks;
        this.accessLookups = Executors.newFixedThreadPool(ACCESS_LOOKUP_THREADS,
                Thread.ofPlatform().daemon().name("osprey-access-", 0).factory());
        this.guards = new LinkedHashMap<>();
        data.forEach((name, appData) -> guards.put(name, new StreamAccessGuard(appData, accessLookups)));
        this.consoleAccess = new AppSettings();
        this.consoleAccess.remoteAllowedCIDR = consoleAllowedCidr;
    }

    /**
     * Opens every application's database under {@code storeDir}.
     *
     * @throws dev.osprey.server.store.StoreException when one cannot be opened (the others are closed again)
     * @throws IllegalArgumentException when {@code consoleAllowedCidr} is not a list of addresses / CIDR blocks
     */
    public static ServerServices open(Path storeDir, List<String> applications, String consoleAllowedCidr) {
        Cidr.parseList(consoleAllowedCidr);
        Map<String, ApplicationData> data = new LinkedHashMap<>();
        Map<String, BroadcastLifecycle> lifecycles = new LinkedHashMap<>();
        Map<String, WebhookNotifier> notifiers = new LinkedHashMap<>();
        Map<String, DataChannelWebhook> dataWebhooks = new LinkedHashMap<>();
        try {
            for (String app : applications) {
                ApplicationData appData = ApplicationData.open(storeDir, app);
                data.put(app, appData);
                WebhookNotifier notifier = new WebhookNotifier(app, appData::settings);
                notifiers.put(app, notifier);
                lifecycles.put(app, new BroadcastLifecycle(appData, notifier));
                dataWebhooks.put(app, new DataChannelWebhook(app, appData::settings));
            }
        } catch (RuntimeException e) {
            data.values().forEach(ApplicationData::close);
            throw e;
        }
        return new ServerServices(Collections.unmodifiableMap(data), lifecycles, notifiers, dataWebhooks,
                consoleAllowedCidr);
    }

    /** The application's lifecycle: pass it to the signalling as its events. */
    public BroadcastLifecycle lifecycle(String application) {
        return lifecycles.get(application);
    }

    /** The application's stream security: pass it to the signalling as its access guard. */
    public StreamAccessGuard guard(String application) {
        return guards.get(application);
    }

    /** The application's {@code dataChannelWebHookURL} forwarder: give it to its media service as data message listener. */
    public DataChannelWebhook dataChannelWebhook(String application) {
        return dataWebhooks.get(application);
    }

    public ApplicationData data(String application) {
        return data.get(application);
    }

    /**
     * Starts webhook delivery, connects REST stop/delete to each application's signalling, the live
     * figures (stream info, viewer statistics) to its media path and its access guard to its viewer count.
     */
    public void attach(Vertx vertx, Map<String, StreamControl> streamControls, Map<String, LiveMedia> liveMedia,
                       Map<String, ToIntFunction<String>> viewerCounts) {
        controls.putAll(streamControls);
        media.putAll(liveMedia);
        guards.forEach((name, guard) -> guard.attach(vertx, viewerCounts.getOrDefault(name, id -> 0)));
        WebhookSender sender = new WebhookSender(vertx);
        notifiers.values().forEach(n -> n.attach(sender));
        dataWebhooks.values().forEach(w -> w.attach(sender));
    }

    /** Mounts the REST APIs and the console on {@code router}, ahead of the static pages. */
    public void mount(Vertx vertx, Router router) {
        for (ApplicationData app : data.values()) {
            String base = "/" + app.name() + "/rest/v2";
            StreamControl control = id -> {
                StreamControl c = controls.get(app.name());
                return c != null && c.stopPublish(id);
            };
            LiveMedia live = media.getOrDefault(app.name(), LiveMedia.NONE);
            List<RestRoute> routes = new ArrayList<>(new ApplicationApi(app.name(), app, control, live).routes());
            routes.addAll(new StreamSecurityApi(app, guards.get(app.name())).routes());
            RestMount.mount(vertx, router, base, "Osprey " + app.name() + " REST API", routes,
                    new AccessFilter(app::settings));
            // Other versions and paths beside v2 get a JSON answer too, not the static pages' HTML 404.
            router.route("/" + app.name() + "/rest/*").handler(ctx -> RestMount.send(ctx, 404, Result.failure("No such endpoint")));
        }
        AccessFilter consoleFilter = new AccessFilter(() -> consoleAccess);
        RestMount.mount(vertx, router, "/rest/v2", "Osprey server REST API", new RootApi(data).routes(), consoleFilter);
        ConsoleRoutes.mount(router, consoleFilter);
    }

    @Override
    public void close() {
        guards.values().forEach(StreamAccessGuard::close);
        accessLookups.shutdown();
        for (ApplicationData app : data.values()) {
            try {
                app.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the data store failed: {}", app.name(), e.toString());
            }
        }
    }
}
