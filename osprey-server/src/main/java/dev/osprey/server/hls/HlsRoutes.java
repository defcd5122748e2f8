package dev.osprey.server.hls;

import dev.osprey.record.hls.HlsNames;
import dev.osprey.record.hls.HlsStream;
import dev.osprey.server.security.StreamAccessGuard;
import dev.osprey.server.vod.BytesResponse;
import dev.osprey.server.vod.HttpFileAccess;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletableFuture;

/**
 * Answers {@code GET|HEAD /{App}/streams/{name}} for live HLS from memory: the playlist (with LL-HLS
 * blocking reload {@code _HLS_msn}/{@code _HLS_part} and delta updates {@code _HLS_skip=YES}), parts,
 * segments and init segments; a request for the next part waits for it (the preload hint). Whatever
 * is not a live stream's goes on to the files on disk. Play credentials are checked as for files; every
 * answer allows any origin (players on other sites), none is cached long.
 */
public final class HlsRoutes implements Handler<RoutingContext> {
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    /** A part or segment never changes once published; playlists change every part. */
    private static final String MEDIA_CACHE = "public, max-age=60";
    private static final String PLAYLIST_CACHE = "no-cache";
    /** Longest wait for a part that is not there yet, besides three part durations. */
    private static final long PART_WAIT_EXTRA_MS = 1_000;

    private final String prefix;
    private final HlsOutputs outputs;
    private final StreamAccessGuard guard;

    public HlsRoutes(String application, String streamsPrefix, HlsOutputs outputs, StreamAccessGuard guard) {
        this.prefix = "/" + application + "/" + streamsPrefix;
        this.outputs = outputs;
        this.guard = guard;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD || !path.startsWith(prefix)) {
            ctx.next();
            return;
        }
        String name = path.substring(prefix.length());
        String streamId = streamOf(name);
        HlsStream stream = streamId == null ? null : outputs.live(streamId);
        if (stream == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        HttpFileAccess.whenAllowed(guard, ctx, streamId, () -> serve(ctx, stream, name));
    }

    private static String streamOf(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            return null;
        }
        String playlist = HlsNames.playlistStream(name);
        if (playlist != null) {
            return playlist;
        }
        HlsNames.MediaName media = HlsNames.media(name);
        return media != null ? media.streamId() : HlsNames.initStream(name);
    }

    private void serve(RoutingContext ctx, HlsStream stream, String name) {
        if (name.endsWith(".m3u8")) {
            playlist(ctx, stream);
            return;
        }
        HlsStream.State state = stream.state();
        HlsStream.Content content = stream.content(state, name);
        if (content != null) {
            sendMedia(ctx, content);
        } else if (stream.isUpcomingPart(state, name)) {
            HlsNames.MediaName part = HlsNames.media(name);
            long waitMs = 3L * stream.settings().partMillis() + PART_WAIT_EXTRA_MS;
            await(ctx, stream.awaitPlaylist(part.msn(), part.part()), waitMs, 404, ready -> {
                HlsStream.Content arrived = stream.content(ready, name);
                if (arrived != null) {
                    sendMedia(ctx, arrived);
                } else {
                    plain(ctx.response(), 404, "Not found\n");
                }
            });
        } else {
            ctx.next(); // an older segment of an event playlist, on disk only
        }
    }

    private void playlist(RoutingContext ctx, HlsStream stream) {
        HttpServerRequest request = ctx.request();
        outputs.viewerSeen(stream.streamId(), viewerOf(request));
        boolean skip = "YES".equals(request.getParam("_HLS_skip")) || "v2".equals(request.getParam("_HLS_skip"));
        String msnParam = request.getParam("_HLS_msn");
        String partParam = request.getParam("_HLS_part");
        if (msnParam == null && partParam == null) {
            sendPlaylist(ctx, stream.state(), skip);
            return;
        }
        long msn;
        int part;
        try {
            if (msnParam == null) {
                throw new NumberFormatException("_HLS_part without _HLS_msn");
            }
            msn = Long.parseLong(msnParam);
            part = partParam == null ? -1 : Integer.parseInt(partParam);
            if (msn < 0 || part < -1 || part > 0xFFFF || partParam != null && part < 0) {
                throw new NumberFormatException("out of range");
            }
        } catch (NumberFormatException e) {
            plain(ctx.response(), 400, "Bad _HLS_msn or _HLS_part\n");
            return;
        }
        HlsStream.State state = stream.state();
        if (!state.ended() && msn > state.latestSegment() + 2) { // further than the segment after the open one
            plain(ctx.response(), 400, "_HLS_msn is too far ahead of the live edge\n");
            return;
        }
        long waitMs = 3_000L * Math.max(1, state.targetDuration());
        await(ctx, stream.awaitPlaylist(msn, part), waitMs, 503, ready -> sendPlaylist(ctx, ready, skip));
    }

    /** Waits for {@code future} without a thread; answers {@code timeoutStatus} when it takes longer than {@code waitMs}. */
    private static void await(RoutingContext ctx, CompletableFuture<HlsStream.State> future, long waitMs, int timeoutStatus,
                              java.util.function.Consumer<HlsStream.State> then) {
        if (future.isDone()) {
            then.accept(future.join());
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        long timer = ctx.vertx().setTimer(waitMs, id -> {
            if (future.cancel(false)) {
                plain(ctx.response(), timeoutStatus, "Not available in time\n");
            }
        });
        ctx.response().closeHandler(v -> future.cancel(false));
        future.whenComplete((state, error) -> {
            if (error == null) {
                context.runOnContext(v -> {
                    ctx.vertx().cancelTimer(timer);
                    if (!ctx.response().ended() && !ctx.response().closed()) {
                        then.accept(state);
                    }
                });
            }
        });
    }

    private void sendPlaylist(RoutingContext ctx, HlsStream.State state, boolean skip) {
        byte[] body = skip && state.deltaPlaylist() != null ? state.deltaPlaylist() : state.playlist();
        if (body == null) {
            plain(ctx.response(), 404, "Not found\n");
            return;
        }
        if (guard.playNeedsCredentials()) {
            HttpServerRequest r = ctx.request();
            String query = PlaylistCredentials.query(r.getParam("token"), r.getParam("subscriberId"),
                    r.getParam("subscriberCode"));
            if (!query.isEmpty()) {
                body = PlaylistCredentials.append(body, query);
            }
        }
        BytesResponse.send(ctx.request(), ctx.response(), body, 0, body.length, PLAYLIST_TYPE, PLAYLIST_CACHE);
    }

    private static void sendMedia(RoutingContext ctx, HlsStream.Content content) {
        BytesResponse.send(ctx.request(), ctx.response(), content.data(), content.offset(), content.length(),
                content.contentType(), MEDIA_CACHE);
    }

    private static String viewerOf(HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        String agent = request.getHeader(HttpHeaders.USER_AGENT);
        return address + "|" + (agent == null ? "" : agent.length() > 256 ? agent.substring(0, 256) : agent);
    }

    private static void plain(HttpServerResponse response, int status, String text) {
        HttpFileAccess.plain(response, status, text);
    }
}
