package dev.osprey.server.rest;

import dev.osprey.server.console.ConsoleRoutes;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything the server runs besides signalling and static pages: per application its data store,
 * broadcast lifecycle and webhooks (stream events, data channel messages); the REST API v2 ({@code /{App}/rest/v2}, {@code /rest/v2}) and
 * the web console ({@code /}). Lifecycle: {@link #open} before the signalling applications exist
 * (they take {@link #lifecycle} as their events and authorizer), {@link #attach} once Vert.x runs,
 * {@link #mount} per HTTP verticle, {@link #drain} once media stopped and before Vert.x closes,
 * {@link #close} after that.
 */
public final class ServerServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerServices.class);

    private final Map<String, ApplicationData> data;
    private final Map<String, BroadcastLifecycle> lifecycles;
    private final Map<String, WebhookNotifier> notifiers;
    private final Map<String, DataChannelWebhook> dataWebhooks;
    private final Map<String, StreamControl> controls = new ConcurrentHashMap<>();
    private final Map<String, LiveMedia> media = new ConcurrentHashMap<>();
    private final AppSettings consoleAccess;
    private volatile WebhookSender sender;

    private ServerServices(Map<String, ApplicationData> data, Map<String, BroadcastLifecycle> lifecycles,
                           Map<String, WebhookNotifier> notifiers, Map<String, DataChannelWebhook> dataWebhooks,
                           String consoleAllowedCidr) {
        this.data = data;
        this.lifecycles = lifecycles;
        this.notifiers = notifiers;
        this.dataWebhooks = dataWebhooks;
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

    /** The application's lifecycle: pass it to the signalling as events and publish authorizer. */
    public BroadcastLifecycle lifecycle(String application) {
        return lifecycles.get(application);
    }

    /** The application's {@code dataChannelWebHookURL} forwarder: give it to its media service as data message listener. */
    public DataChannelWebhook dataChannelWebhook(String application) {
        return dataWebhooks.get(application);
    }

    public ApplicationData data(String application) {
        return data.get(application);
    }

    /**
     * Starts webhook delivery, connects REST stop/delete to each application's signalling and the
     * live figures (stream info, viewer statistics) to its media path.
     */
    public void attach(Vertx vertx, Map<String, StreamControl> streamControls, Map<String, LiveMedia> liveMedia) {
        controls.putAll(streamControls);
        media.putAll(liveMedia);
        WebhookSender webhooks = new WebhookSender(vertx);
        notifiers.values().forEach(n -> n.attach(webhooks));
        dataWebhooks.values().forEach(w -> w.attach(webhooks));
        sender = webhooks;
    }

    /**
     * For a graceful stop, after the media plane closed and before Vert.x (and so the HTTP server)
     * does: waits for the lifecycle writes still queued, then for the webhook calls they and earlier
     * events made, {@code timeout} in all. What is left then is dropped, with a warning.
     */
    public void drain(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (ApplicationData app : data.values()) {
            if (!app.awaitQueuedWrites(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("{}: stream event writes still queued at shutdown", app.name());
            }
        }
        WebhookSender webhooks = sender;
        if (webhooks == null) {
            return;
        }
        try {
            webhooks.idle().toCompletionStage().toCompletableFuture()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("webhook calls not delivered within {} {} of the shutdown are dropped", timeout, unit);
        } catch (ExecutionException e) {
            LOG.warn("waiting for webhook calls failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            RestMount.mount(vertx, router, base, "Osprey " + app.name() + " REST API",
                    new ApplicationApi(app.name(), app, control, live).routes(), new AccessFilter(app::settings));
            // Other versions and paths beside v2 get a JSON answer too, not the static pages' HTML 404.
            router.route("/" + app.name() + "/rest/*").handler(ctx -> RestMount.send(ctx, 404, Result.failure("No such endpoint")));
        }
        AccessFilter consoleFilter = new AccessFilter(() -> consoleAccess);
        RestMount.mount(vertx, router, "/rest/v2", "Osprey server REST API", new RootApi(data).routes(), consoleFilter);
        ConsoleRoutes.mount(router, consoleFilter);
    }

    @Override
    public void close() {
        for (ApplicationData app : data.values()) {
            try {
                app.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the data store failed: {}", app.name(), e.toString());
            }
        }
    }
}
