package dev.osprey.server.rest;

import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.VodEntry;
import dev.osprey.server.store.VodQuery;
import dev.osprey.server.vod.MediaProbe;
import dev.osprey.signaling.protocol.StreamIds;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

/**
 * One application's VoD routes ({@code /{App}/rest/v2/vods/...}), with Ant Media's paths and JSON
 * shapes: listing the entries of its {@link dev.osprey.server.store.VodFolder}, deleting them with their
 * files, and uploads, which are kept only when ffprobe finds audio or video in them.
 */
final class VodApi {

    private static final Logger LOG = LoggerFactory.getLogger(VodApi.class);
    /** Largest upload body. */
    static final long MAX_UPLOAD_BYTES = 2L << 30;
    static final String UPLOAD_PATH = "/vods/create";
    /** The file extensions Ant Media accepts for an upload. */
    static final Set<String> EXTENSIONS = Set.of("mp4", "webm", "mov", "avi", "mp3", "wmv");
    private static final int MAX_NAME_LENGTH = 255;

    private final ApplicationData data;
    private final MediaProbe probe;
    private final Path uploadDir;

    /** @param uploadDir where upload bodies are written first: beside the VoD folder, on the same file system */
    VodApi(ApplicationData data, MediaProbe probe, Path uploadDir) {
        this.data = data;
        this.probe = probe;
        this.uploadDir = uploadDir;
    }

    /** The upload directory of an application: {@code {VoD folder}/../.uploads/{App}}. */
    static Path uploadDirOf(ApplicationData data) {
        return data.vodFolder().root().resolveSibling(".uploads").resolve(data.name());
    }

    List<RestRoute> routes() {
        return List.of(
                new RestRoute(GET, "/vods/count", "Number of VoDs", List.of(), false, List.of(),
                        req -> new SimpleStat(data.store().countVods())),
                new RestRoute(GET, "/vods/list/{offset}/{size}", "A page of VoDs (at most 50), newest first unless sorted",
                        List.of("sort_by", "order_by", "streamId", "search"), false, List.of(400), this::list),
                new RestRoute(POST, UPLOAD_PATH, "Upload an audio/video file (multipart form field 'file'; "
                        + "name: its name, ending in .mp4, .webm, .mov, .avi, .mp3 or .wmv)", List.of("name"), true,
                        List.of(400, 413), this::upload, new RestRoute.Upload(MAX_UPLOAD_BYTES, uploadDir)),
                new RestRoute(GET, "/vods/{id}", "One VoD", List.of(), false, List.of(400, 404),
                        req -> data.store().vod(vodId(req)).orElseThrow(VodApi::notFound)),
                new RestRoute(DELETE, "/vods/{id}", "Delete a VoD and its file", List.of(), false, List.of(400, 404),
                        this::delete),
                new RestRoute(DELETE, "/vods", "Delete the VoDs listed in ids (comma-separated) and their files",
                        List.of("ids"), false, List.of(400), this::deleteMany));
    }

    /** True for a request this API takes a multipart body for. */
    static boolean isUpload(HttpMethod method, String path) {
        return method == POST && path.endsWith("/rest/v2" + UPLOAD_PATH);
    }

    private static RestException notFound() {
        return RestException.notFound("VoD not found");
    }

    private static String vodId(RestRequest req) {
        String id = req.path("id");
        if (!StreamIdRule.isValid(id)) {
            throw RestException.badRequest("Invalid VoD id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
        }
        return id;
    }

    private Object list(RestRequest req) {
        VodQuery.SortField sort = null;
        String sortBy = req.query("sort_by");
        if (sortBy != null && !sortBy.isEmpty()) {
            sort = switch (sortBy) {
                case "name" -> VodQuery.SortField.NAME;
                case "date" -> VodQuery.SortField.DATE;
                default -> throw RestException.badRequest("sort_by must be name or date");
            };
        }
        boolean ascending = true;
        String order = req.query("order_by");
        if (order != null && !order.isEmpty()) {
            ascending = switch (order.toLowerCase(Locale.ROOT)) {
                case "asc" -> true;
                case "desc" -> false;
                default -> throw RestException.badRequest("order_by must be asc or desc");
            };
        }
        return data.store().vods(new VodQuery(req.nonNegative("offset"), req.nonNegative("size"), sort, ascending,
                emptyToNull(req.query("streamId")), emptyToNull(req.query("search"))));
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private Object delete(RestRequest req) {
        String id = vodId(req);
        if (!deleteVod(id)) {
            throw notFound();
        }
        return Result.ok(null, id);
    }

    /** Ant Media's bulk delete: {@code ids} comma-separated; success when every one was deleted. */
    private Object deleteMany(RestRequest req) {
        String ids = req.query("ids");
        if (ids == null || ids.isBlank()) {
            throw RestException.badRequest("ids must list the VoD ids to delete, comma-separated");
        }
        Set<String> list = new LinkedHashSet<>();
        for (String id : ids.split(",")) {
            String trimmed = id.trim();
            if (!StreamIdRule.isValid(trimmed)) {
                throw RestException.badRequest("Invalid VoD id in ids: '" + trimmed + "'");
            }
            list.add(trimmed);
        }
        int deleted = 0;
        for (String id : list) {
            deleted += deleteVod(id) ? 1 : 0;
        }
        return new Result(deleted == list.size(), deleted + " of " + list.size() + " VoDs deleted", null, 0);
    }

    /** Deletes the entry and then its file; false when there is no such entry. */
    private boolean deleteVod(String id) {
        VodEntry vod = data.store().vod(id).orElse(null);
        if (vod == null || !data.store().deleteVod(id)) {
            return false;
        }
        try {
            if (!data.vodFolder().delete(vod.filePath())) {
                LOG.warn("{}: VoD {} names a file outside the VoD folder ({}); the file is kept", data.name(), id,
                        vod.filePath());
            }
        } catch (IOException e) {
            LOG.warn("{}: deleting the file of VoD {} failed: {}", data.name(), id, e.toString());
        }
        return true;
    }

    private Object upload(RestRequest req) {
        RestRequest.UploadedFile upload = req.uploads().stream().filter(f -> f.field().equals("file")).findFirst()
                .orElseThrow(() -> RestException.badRequest("The upload needs a multipart/form-data field 'file'"));
        String name = emptyToNull(req.query("name"));
        if (name == null) {
            name = upload.fileName();
        }
        String extension = extensionOf(requireSafeName(name));
        if (!EXTENSIONS.contains(extension)) {
            // Ant Media's message for it
            throw RestException.badRequest("notSupportedFileType");
        }
        MediaProbe.Media media;
        try {
            media = probe.probe(upload.file())
                    .orElseThrow(() -> RestException.badRequest("The file is not audio or video media"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffprobe", e);
        }
        String vodId = StreamIds.generate();
        Path target;
        try {
            target = data.vodFolder().create().resolve(vodId + "." + extension);
            move(upload.file(), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the upload", e);
        }
        try {
            VodEntry vod = data.addVod(vodId, VodEntry.UPLOADED_VOD, name, null, name, target, 0, media.durationMs());
            return Result.ok(vod.vodId(), vod.vodId());
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** A VoD name is a file name: no folders, no control characters. */
    static String requireSafeName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw RestException.badRequest("name must be a file name of 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw RestException.badRequest("name must be a plain file name: no '/', '\\', '..' or control characters");
        }
        return name;
    }

    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
