package dev.osprey.server.rest;

import dev.osprey.server.admin.AdminLogin;
import dev.osprey.server.admin.LoginThrottle;
import dev.osprey.server.admin.SessionStore;
import dev.osprey.server.console.ConsoleRoutes;
import dev.osprey.server.hls.HlsOutputs;
import dev.osprey.server.hls.HlsRoutes;
import dev.osprey.server.recording.Recordings;
import dev.osprey.server.security.StreamAccessGuard;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.VodFolder;
import dev.osprey.server.store.BroadcastLifecycle;
import dev.osprey.server.store.StoreException;
import dev.osprey.server.vod.MediaProbe;
import dev.osprey.server.vod.StreamFiles;
import dev.osprey.server.webhook.DataChannelWebhook;
import dev.osprey.server.webhook.WebhookNotifier;
import dev.osprey.server.webhook.WebhookSender;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything the server runs besides signalling and static pages: per application its data store,
 * broadcast lifecycle, recordings ({@link Recordings}) and webhooks (stream events, data channel
 * messages); the REST API v2 ({@code /{App}/rest/v2}, {@code /rest/v2}), the VoD files
 * ({@code /{App}/streams/}, {@link StreamFiles}) and the web console ({@code /}) with its administrator
 * login. Lifecycle: {@link #open} before the signalling applications exist (they take
 * {@link #lifecycle} as their events and {@link #guard} as their access guard), {@link #attach} once
 * Vert.x runs and each application's {@link Recordings#attach} once its media service does,
 * {@link #mount} per HTTP verticle, {@link #drain} once media stopped and before Vert.x closes (it
 * waits for the recordings to finish their files too), {@link #close} after that.
 *
 * <p>Every REST request passes, in order: the {@code Host} check ({@link HostFilter}), the cross-site
 * check of state-changing requests ({@link CrossSiteFilter}), then access — for {@code /rest/v2}
 * {@code console.allowedCIDR} and a console session ({@link AdminSessionFilter}), for
 * {@code /{App}/rest/v2} a console session or else the application's IP and JWT filters ({@link AccessFilter}).
 */
public final class ServerServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerServices.class);
    private static final int ACCESS_LOOKUP_THREADS = 2;
    /** How often the account file is checked for changes and expired sessions are dropped. */
    static final long ADMIN_HOUSEKEEPING_MS = 5_000;

    private final Map<String, ApplicationData> data;
    private final Map<String, BroadcastLifecycle> lifecycles;
    private final Map<String, WebhookNotifier> notifiers;
    private final Map<String, DataChannelWebhook> dataWebhooks;
    private final Map<String, Recordings> recordings;
    private final Map<String, HlsOutputs> hls;
    private final Map<String, StreamAccessGuard> guards;
    /** Runs the access guards' store lookups (token use, subscribers), off the event loops. */
    private final ExecutorService accessLookups;
    private final Map<String, StreamControl> controls = new ConcurrentHashMap<>();
    private final Map<String, LiveMedia> media = new ConcurrentHashMap<>();
    private final AppSettings consoleAccess;
    private final AdminLogin adminLogin;
    private final ConsoleSessions consoleSessions;
    private final Set<String> machineHosts;
    private volatile WebhookSender sender;

    private ServerServices(Map<String, ApplicationData> data, Map<String, BroadcastLifecycle> lifecycles,
                           Map<String, WebhookNotifier> notifiers, Map<String, DataChannelWebhook> dataWebhooks,
                           Map<String, Recordings> recordings, Map<String, HlsOutputs> hls, String consoleAllowedCidr,
                           AdminLogin adminLogin) {
        this.recordings = recordings;
        this.hls = hls;
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
        this.adminLogin = adminLogin;
        this.consoleSessions = new ConsoleSessions(adminLogin.sessions(), consoleAllowedCidr);
        this.machineHosts = AllowedHosts.thisMachine();
    }

    /**
     * Opens every application's database under {@code storeDir}, and the console administrator's account
     * there (created with a random password, logged once, when there is none).
     *
     * @throws StoreException when a database or the account file cannot be opened (the databases are closed again)
     * @throws IllegalArgumentException when {@code consoleAllowedCidr} is not a list of addresses / CIDR blocks
     */
    public static ServerServices open(Path storeDir, List<String> applications, String consoleAllowedCidr,
                                      int recordingMinFreeDiskMb) {
        Cidr.parseList(consoleAllowedCidr);
        Map<String, ApplicationData> data = new LinkedHashMap<>();
        Map<String, BroadcastLifecycle> lifecycles = new LinkedHashMap<>();
        Map<String, WebhookNotifier> notifiers = new LinkedHashMap<>();
        Map<String, DataChannelWebhook> dataWebhooks = new LinkedHashMap<>();
        Map<String, Recordings> recordings = new LinkedHashMap<>();
        Map<String, HlsOutputs> hls = new LinkedHashMap<>();
        try {
            for (String app : applications) {
                ApplicationData appData = ApplicationData.open(storeDir, app);
                data.put(app, appData);
                WebhookNotifier notifier = new WebhookNotifier(app, appData::settings);
                notifiers.put(app, notifier);
                Recordings appRecordings = new Recordings(appData, notifier, recordingMinFreeDiskMb);
                recordings.put(app, appRecordings);
                HlsOutputs appHls = new HlsOutputs(appData);
                hls.put(app, appHls);
                lifecycles.put(app, new BroadcastLifecycle(appData, (action, broadcast, timestamp) -> {
                    notifier.streamEvent(action, broadcast, timestamp);
                    appRecordings.streamEvent(action, broadcast, timestamp);
                    appHls.streamEvent(action, broadcast, timestamp);
                }));
                dataWebhooks.put(app, new DataChannelWebhook(app, appData::settings));
            }
        } catch (RuntimeException e) {
            recordings.values().forEach(Recordings::close);
            hls.values().forEach(HlsOutputs::close);
            data.values().forEach(ApplicationData::close);
            throw e;
        }
        AdminLogin adminLogin;
        try {
            adminLogin = AdminLogin.open(storeDir, new SessionStore(), new LoginThrottle());
        } catch (IOException e) {
            recordings.values().forEach(Recordings::close);
            hls.values().forEach(HlsOutputs::close);
            data.values().forEach(ApplicationData::close);
            throw new StoreException("console admin account: " + e.getMessage() + " (fix the file, or run "
                    + "./osprey admin-password to replace it)", e);
        }
        return new ServerServices(Collections.unmodifiableMap(data), lifecycles, notifiers, dataWebhooks,
                recordings, hls, consoleAllowedCidr, adminLogin);
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

    /** The application's recordings: {@link Recordings#attach} its media service once it runs. */
    public Recordings recordings(String application) {
        return recordings.get(application);
    }

    /** The application's HLS: {@link HlsOutputs#attach} its media service once it runs. */
    public HlsOutputs hls(String application) {
        return hls.get(application);
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
        vertx.setPeriodic(ADMIN_HOUSEKEEPING_MS, id -> vertx.executeBlocking(() -> {
            adminLogin.reloadIfChanged();
            adminLogin.sessions().purgeExpired();
            return null;
        }, false));
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
        for (Recordings r : recordings.values()) {
            r.awaitEnded(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
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

    /**
     * Mounts the REST APIs and the console on {@code router}, ahead of the static pages.
     *
     * @param allowedHosts {@code Host} names served besides this machine's own ({@code server.allowedHosts})
     */
    public void mount(Vertx vertx, Router router, List<String> allowedHosts) {
        Set<String> hosts = new LinkedHashSet<>(machineHosts);
        hosts.addAll(allowedHosts);
        HostFilter hostFilter = new HostFilter(AllowedHosts.of(hosts));
        CrossSiteFilter crossSite = new CrossSiteFilter(request -> VodApi.isUpload(request.method(), request.path()));
        for (ApplicationData app : data.values()) {
            String base = "/" + app.name() + "/rest/v2";
            StreamControl control = id -> {
                StreamControl c = controls.get(app.name());
                return c != null && c.stopPublish(id);
            };
            LiveMedia live = media.getOrDefault(app.name(), LiveMedia.NONE);
            List<RestRoute> routes = new ArrayList<>(new ApplicationApi(app.name(), app, control, live).routes());
            routes.addAll(new StreamSecurityApi(app, guards.get(app.name())).routes());
            routes.addAll(new VodApi(app, MediaProbe.system(), VodApi.uploadDirOf(app)).routes());
            routes.addAll(new RecordingApi(app, recordings.get(app.name())).routes());
            RestMount.mount(vertx, router, base, "Osprey " + app.name() + " REST API", routes,
                    List.of(hostFilter, crossSite, new AccessFilter(app::settings, consoleSessions)));
            HlsRoutes liveHls = new HlsRoutes(app.name(), VodFolder.PREFIX, hls.get(app.name()), guards.get(app.name()));
            StreamFiles.mount(router, app, guards.get(app.name()), List.of(hostFilter, liveHls));
            // Other versions and paths beside v2 get a JSON answer too, not the static pages' HTML 404.
            router.route("/" + app.name() + "/rest/*").handler(ctx -> RestMount.send(ctx, 404, Result.failure("No such endpoint")));
        }
        AccessFilter consoleAddresses = new AccessFilter(() -> consoleAccess);
        String root = "/rest/v2";
        List<RestRoute> rootRoutes = new ArrayList<>(new AdminLoginApi(adminLogin, consoleSessions).routes());
        rootRoutes.addAll(new RootApi(data).routes());
        Set<String> openPaths = new LinkedHashSet<>();
        AdminLoginApi.openPaths().forEach(path -> openPaths.add(root + path));
        RestMount.mount(vertx, router, root, "Osprey server REST API", rootRoutes, List.of(hostFilter, crossSite,
                consoleAddresses, new AdminSessionFilter(consoleSessions, openPaths)));
        List<Handler<RoutingContext>> consoleFilters = List.of(hostFilter, consoleAddresses);
        ConsoleRoutes.mount(router, consoleFilters);
    }

    @Override
    public void close() {
        recordings.values().forEach(Recordings::close);
        hls.values().forEach(HlsOutputs::close);
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
