package dev.osprey.server.vod;

import dev.osprey.server.security.StreamAccessGuard;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.BroadcastQuery;
import dev.osprey.server.store.VodEntry;
import dev.osprey.server.store.VodFolder;
import dev.osprey.server.store.VodQuery;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves an application's VoD folder at {@code GET|HEAD /{App}/streams/{file}}, Ant Media's URL of its
 * recordings and uploads: single byte ranges (206, 416), {@code ETag}/{@code Last-Modified} with
 * conditional requests (304), and the media content types. Anything that is not a complete regular file
 * inside the folder — hostile paths, dotfiles, folders, files still being written, links leading out —
 * is 404. When the application's play security is on, the request must carry a play's credentials
 * ({@code ?token=&subscriberId=&subscriberCode=}) for the file's stream, checked by the application's
 * {@link StreamAccessGuard#checkFileRequest} ({@link HttpFileAccess}); a refusal is 403.
 */
public final class StreamFiles implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFiles.class);
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("mkv", "video/x-matroska"),
            Map.entry("avi", "video/x-msvideo"),
            Map.entry("wmv", "video/x-ms-wmv"),
            Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("mpd", "application/dash+xml"),
            Map.entry("ts", "video/mp2t"),
            Map.entry("m4s", "video/iso.segment"),
            Map.entry("fmp4", "video/iso.segment"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("aac", "audio/aac"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"));
    private static final String OTHER_TYPE = "application/octet-stream";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ApplicationData data;
    private final StreamAccessGuard guard;
    private final String prefix;

    private StreamFiles(ApplicationData data, StreamAccessGuard guard) {
        this.data = data;
        this.guard = guard;
        this.prefix = "/" + data.name() + "/" + VodFolder.PREFIX;
    }

    /**
     * Routes {@code /{App}/streams/*} on {@code router} through {@code filters} (e.g. the {@code Host}
     * check) to the application's folder; mount it ahead of the static pages of the application.
     */
    public static void mount(Router router, ApplicationData data, StreamAccessGuard guard,
                             List<? extends Handler<RoutingContext>> filters) {
        StreamFiles files = new StreamFiles(data, guard);
        String path = files.prefix + "*";
        filters.forEach(filter -> router.route(path).handler(filter));
        router.route(path).handler(files);
    }

    /** A complete regular file of the folder, found off the event loop. */
    private record Found(Path file, long size, long modifiedMs, String streamId) {

        String etag() {
            return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedMs) + "\"";
        }

        String lastModified() {
            return HTTP_DATE.format(Instant.ofEpochMilli(modifiedMs));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            plain(ctx.response(), 405, "Method not allowed\n");
            return;
        }
        String raw = request.path();
        Optional<String> relative = raw.startsWith(prefix)
                ? StreamFilePath.parse(raw.substring(prefix.length())) : Optional.empty();
        if (relative.isEmpty()) {
            notFound(ctx);
            return;
        }
        boolean credentials = guard.playNeedsCredentials();
        ctx.vertx().executeBlocking(() -> find(relative.get(), credentials), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("{}: serving {} failed: {}", data.name(), relative.get(), ar.cause().toString());
                plain(ctx.response(), 500, "Internal error\n");
            } else if (ar.result() == null) {
                notFound(ctx);
            } else {
                Found found = ar.result();
                HttpFileAccess.whenAllowed(guard, ctx, found.streamId(), () -> send(ctx, found));
            }
        });
    }

    /**
     * The file, when it is a complete regular file whose real path (links followed) lies inside the folder
     * and passes the name rules at every step below it; else null. Blocking.
     */
    private Found find(String relative, boolean withStreamId) throws IOException {
        Path root = data.vodFolder().root();
        Path realRoot;
        Path real;
        try {
            realRoot = root.toRealPath();
            real = root.resolve(relative).toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!real.startsWith(realRoot) || real.equals(realRoot)) {
            return null;
        }
        for (Path step : realRoot.relativize(real)) {
            if (!StreamFilePath.isPlainName(step.toString())) {
                return null;
            }
        }
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            return null;
        }
        String streamId = withStreamId ? streamIdOf(relative) : null;
        return new Found(real, attributes.size(), attributes.lastModifiedTime().toMillis(), streamId);
    }

    /**
     * The stream whose credentials open the file: the stream of the recording entry naming it, the
     * VoD id of an uploaded entry, else the file's name without its extension. Blocking (store reads).
     */
    private String streamIdOf(String relative) {
        String filePath = VodFolder.PREFIX + relative;
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Optional<VodEntry> entry = data.store().vod(stem).filter(vod -> filePath.equals(vod.filePath()));
        if (entry.isEmpty()) {
            // A recording is named after its file, not its id: an unindexed search, made only when security is on.
            entry = data.store().vods(new VodQuery(0, BroadcastQuery.MAX_SIZE, null, false, null, name)).stream()
                    .filter(vod -> filePath.equals(vod.filePath())).findFirst();
        }
        return entry.map(StreamFiles::streamIdOf).orElse(stem);
    }

    private static String streamIdOf(VodEntry vod) {
        boolean recording = VodEntry.STREAM_VOD.equals(vod.type()) && vod.streamId() != null && !vod.streamId().isEmpty();
        return recording ? vod.streamId() : vod.vodId();
    }

    private static void send(RoutingContext ctx, Found found) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String etag = found.etag();
        String lastModified = found.lastModified();
        response.putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.LAST_MODIFIED, lastModified)
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (notModified(request, etag, found.modifiedMs())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType(found.file()));
        String ifRange = request.getHeader("If-Range");
        boolean rangeStillValid = ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModified);
        ByteRange.Request asked = rangeStillValid
                ? ByteRange.of(request.getHeader("Range"), found.size()) : new ByteRange.Whole();
        ByteRange range = ByteRange.answer(response, asked, found.size());
        if (range == null) {
            return;
        }
        long offset = range.first();
        long length = range.length();
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
            return;
        }
        response.sendFile(found.file().toString(), offset, length).onFailure(e -> {
            if (!response.headWritten()) {
                plain(response, 404, "Not found\n");
            }
        });
    }

    /** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since. */
    private static boolean notModified(HttpServerRequest request, String etag, long modifiedMs) {
        String noneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (noneMatch != null) {
            for (String tag : noneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
        if (since == null) {
            return false;
        }
        try {
            return modifiedMs / 1000 <= Instant.from(HTTP_DATE.parse(since.trim())).getEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, OTHER_TYPE);
    }

    private static void notFound(RoutingContext ctx) {
        plain(ctx.response(), 404, "Not found\n");
    }

    private static void plain(HttpServerResponse response, int status, String text) {
        HttpFileAccess.plain(response, status, text);
    }
}
