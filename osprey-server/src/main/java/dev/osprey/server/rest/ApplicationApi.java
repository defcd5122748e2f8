package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.media.service.MediaService;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.BroadcastQuery;
import dev.osprey.server.store.ConnectionEvent;
import dev.osprey.server.webhook.WebhookUrlPolicy;
import dev.osprey.signaling.protocol.StreamIds;
import io.vertx.core.http.HttpMethod;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * The route table of one application's REST API v2 ({@code /{App}/rest/v2}), with Ant Media's paths
 * and JSON shapes (the VoD routes are {@link VodApi}'s). Features Osprey has not built yet are listed too
 * and answer 501 with a Result.
 */
final class ApplicationApi {

    static final String VERSION = "0.1.0";
    private static final Set<String> TYPES = Set.of("liveStream", "ipCamera", "streamSource", "VoD", "playlist");
    /** Fields a client cannot set through create or update: the server owns them. */
    private static final List<String> SERVER_OWNED = List.of("webRTCViewerCount", "hlsViewerCount", "dashViewerCount",
            "rtmpViewerCount", "zombi", "publishType", "rtmpURL", "originAdress", "startTime", "absoluteStartTimeMs",
            "duration", "updateTime", "receivedBytes", "bitrate", "encoderWarning", "hlsUnavailableReason");

    private final String app;
    private final ApplicationData data;
    private final StreamControl control;
    private final LiveMedia media;

    ApplicationApi(String app, ApplicationData data, StreamControl control, LiveMedia media) {
        this.app = app;
        this.data = data;
        this.control = control;
        this.media = media;
    }

    /** Literal paths come before parametric ones, so that {@code /broadcasts/count} is not read as an id. */
    List<RestRoute> routes() {
        List<RestRoute> r = new ArrayList<>();
        r.add(route(GET, "/version", "Server version", List.of(), false, List.of(), req -> Map.of(
                "versionName", VERSION, "versionType", "Osprey", "buildNumber", "")));
        r.add(route(POST, "/broadcasts/create", "Create a broadcast (streamId generated when empty)",
                List.of("autoStart"), true, List.of(400), this::create));
        r.add(route(GET, "/broadcasts/count", "Number of broadcasts", List.of(), false, List.of(),
                req -> new SimpleStat(data.store().countBroadcasts(null))));
        r.add(route(GET, "/broadcasts/count/{search}", "Number of broadcasts whose name or id contains the text",
                List.of(), false, List.of(), req -> new SimpleStat(data.store().countBroadcasts(req.path("search")))));
        r.add(route(GET, "/broadcasts/active-live-stream-count", "Number of live broadcasts", List.of(), false,
                List.of(), req -> new SimpleStat(data.store().countBroadcastsWithStatus(Broadcast.STATUS_BROADCASTING))));
        r.add(route(GET, "/broadcasts/total-broadcast-statistics", "Viewers over all live broadcasts", List.of(),
                false, List.of(), req -> totals()));
        r.add(route(GET, "/broadcasts/list/{offset}/{size}", "A page of broadcasts (at most 50)",
                List.of("type_by", "sort_by", "order_by", "search"), false, List.of(400), this::list));
        r.add(route(DELETE, "/broadcasts", "Delete the broadcasts listed in ids (comma-separated)", List.of("ids"),
                false, List.of(400), this::deleteMany));
        r.add(route(POST, "/broadcasts/playlists/{id}/next", "Jump to a playlist item", List.of("index"), false,
                List.of(501), notBuilt("Playlists")));
        r.add(route(GET, "/broadcasts/{id}", "One broadcast", List.of(), false, List.of(400, 404),
                req -> LiveFigures.withLiveFigures(found(data.store().broadcast(req.streamId("id")).orElse(null)), media)));
        r.add(route(PUT, "/broadcasts/{id}", "Partial update: the fields present and not null are applied",
                List.of(), true, List.of(400, 404), this::update));
        r.add(route(DELETE, "/broadcasts/{id}", "Delete a broadcast (stops it when live)", List.of(), false,
                List.of(400, 404), this::delete));
        r.add(route(GET, "/broadcasts/{id}/broadcast-statistics", "Viewers of one broadcast", List.of(), false,
                List.of(400, 404), req -> statistics(found(data.store().broadcast(req.streamId("id")).orElse(null)))));
        r.add(route(GET, "/broadcasts/{id}/stream-info", "Renditions of a live stream (the publisher's only: no transcoding)",
                List.of(), false, List.of(400, 404), this::streamInfo));
        r.add(route(GET, "/broadcasts/{id}/webrtc-client-stats/{offset}/{size}", "Per-viewer WebRTC statistics (at most 50)",
                List.of(), false, List.of(400, 404), this::clientStats));
        r.add(route(GET, "/broadcasts/{id}/connection-events/{offset}/{size}", "Publisher and viewer connect/disconnect events",
                List.of(), false, List.of(400), req -> {
                    List<ConnectionEvent> events = data.store().connectionEvents(req.streamId("id"),
                            req.nonNegative("offset"), req.nonNegative("size"));
                    return events;
                }));
        r.add(route(POST, "/broadcasts/{id}/stop", "Stop a live stream (the publisher is disconnected)",
                List.of(), false, List.of(400, 404), this::stop));
        r.add(route(POST, "/broadcasts/{id}/start", "Start a stream source, IP camera or playlist", List.of(), false,
                List.of(501), notBuilt("Stream sources")));
        r.add(route(POST, "/broadcasts/{id}/rtmp-endpoint", "Add an RTMP restream target", List.of("resolutionHeight"),
                true, List.of(501), notBuilt("RTMP endpoints")));
        r.add(route(DELETE, "/broadcasts/{id}/rtmp-endpoint", "Remove an RTMP restream target",
                List.of("endpointServiceId"), false, List.of(501), notBuilt("RTMP endpoints")));
        r.add(route(POST, "/broadcasts/{id}/data", "Send the body as a data channel message to a live stream's publisher "
                + "and players, or a conference room's players (text; binary with Content-Type application/octet-stream)",
                List.of(), true, List.of(400, 413, 503), this::sendMessage));
        return r;
    }

    private static RestRoute route(HttpMethod method, String path, String summary, List<String> query, boolean body,
                                   List<Integer> statuses, RestHandler handler) {
        return new RestRoute(method, path, summary, query, body, statuses, handler);
    }

    private static RestHandler notBuilt(String feature) {
        return req -> new RestResponse(501, Result.failure(feature + " is not implemented in Osprey yet"));
    }

    private static Broadcast found(Broadcast b) {
        if (b == null) {
            throw RestException.notFound("Broadcast not found");
        }
        return b;
    }

    // ---- handlers

    private Object create(RestRequest req) {
        ObjectNode body = req.jsonObject();
        SERVER_OWNED.forEach(body::remove);
        Broadcast b = RestRequest.convert(body, Broadcast.class);
        if (b.streamId == null || b.streamId.isEmpty()) {
            b.streamId = StreamIds.generate();
        } else if (!StreamIdRule.isValid(b.streamId)) {
            throw RestException.badRequest("Invalid stream id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
        }
        requireType(b.type);
        requireAcceptableHook(b.listenerHookURL);
        long now = System.currentTimeMillis();
        b.status = Broadcast.STATUS_CREATED;
        b.date = now;
        b.updateTime = now;
        b.rtmpURL = "rtmp://" + req.host() + "/" + app + "/" + b.streamId;
        b.originAdress = req.host();
        if (!data.createBroadcast(b)) {
            throw RestException.badRequest("Stream id already exists: " + b.streamId);
        }
        return b;
    }

    private Object streamInfo(RestRequest req) {
        String id = req.streamId("id");
        found(data.store().broadcast(id).orElse(null));
        return media.streamInfo(id).map(LiveFigures::renditions).orElse(List.of());
    }

    private Object clientStats(RestRequest req) {
        String id = req.streamId("id");
        int offset = req.nonNegative("offset");
        int size = Math.min(req.nonNegative("size"), BroadcastQuery.MAX_SIZE);
        found(data.store().broadcast(id).orElse(null));
        // Oldest viewer first, so that paging is stable while viewers come and go at the end.
        return media.viewers(id).stream()
                .map(LiveFigures::clientStats)
                .sorted(Comparator.comparingLong(LiveFigures.ClientStats::clientId))
                .skip(offset).limit(size)
                .toList();
    }

    private Object list(RestRequest req) {
        int offset = req.nonNegative("offset");
        int size = req.nonNegative("size");
        String type = req.query("type_by");
        if (type != null && !type.isEmpty()) {
            requireType(type);
        } else {
            type = null;
        }
        BroadcastQuery.SortField sort = null;
        String sortBy = req.query("sort_by");
        if (sortBy != null && !sortBy.isEmpty()) {
            sort = switch (sortBy) {
                case "name" -> BroadcastQuery.SortField.NAME;
                case "date" -> BroadcastQuery.SortField.DATE;
                case "status" -> BroadcastQuery.SortField.STATUS;
                default -> throw RestException.badRequest("sort_by must be name, date or status");
            };
        }
        String order = req.query("order_by");
        boolean ascending = true;
        if (order != null && !order.isEmpty()) {
            switch (order.toLowerCase(Locale.ROOT)) {
                case "asc" -> ascending = true;
                case "desc" -> ascending = false;
                default -> throw RestException.badRequest("order_by must be asc or desc");
            }
        }
        String search = req.query("search");
        List<Broadcast> page = data.store().broadcasts(new BroadcastQuery(offset, size, type, null, sort, ascending,
                search == null || search.isEmpty() ? null : search));
        page.forEach(b -> LiveFigures.withLiveFigures(b, media));
        return page;
    }

    private Object update(RestRequest req) {
        String id = req.streamId("id");
        ObjectNode body = req.jsonObject();
        SERVER_OWNED.forEach(body::remove);
        body.remove("streamId");
        body.remove("date");
        List<String> nulls = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (body.get(name).isNull()) {
                nulls.add(name);
            }
        });
        nulls.forEach(body::remove);
        if (body.has("type")) {
            requireType(body.get("type").asText());
        }
        // Check the types before touching the store, so a bad body writes nothing.
        Broadcast change = RestRequest.convert(body, Broadcast.class);
        requireAcceptableHook(change.listenerHookURL);
        long now = System.currentTimeMillis();
        Broadcast updated = data.store().updateBroadcast(id, b -> {
            Broadcast merged = RestRequest.merge(b, body);
            merged.updateTime = now;
            return merged;
        }).orElseThrow(() -> RestException.notFound("Broadcast not found"));
        if (Broadcast.STATUS_BROADCASTING.equals(updated.status)) {
            data.liveViewerLimit(id, updated.webRTCViewerLimit);
        }
        return Result.ok(null, id);
    }

    private Object delete(RestRequest req) {
        String id = req.streamId("id");
        control.stopPublish(id);
        if (!data.deleteBroadcast(id)) {
            throw RestException.notFound("Broadcast not found");
        }
        return Result.ok(null, id);
    }

    private Object deleteMany(RestRequest req) {
        String ids = req.query("ids");
        if (ids == null || ids.isBlank()) {
            throw RestException.badRequest("ids must list the stream ids to delete, comma-separated");
        }
        Set<String> list = new LinkedHashSet<>();
        for (String id : ids.split(",")) {
            String trimmed = id.trim();
            if (!StreamIdRule.isValid(trimmed)) {
                throw RestException.badRequest("Invalid stream id in ids: '" + trimmed + "'");
            }
            list.add(trimmed);
        }
        list.forEach(control::stopPublish);
        int deleted = data.deleteBroadcasts(list);
        return new Result(deleted == list.size(), deleted + " of " + list.size() + " broadcasts deleted", null, 0);
    }

    /**
     * Ant Media's sendMessage: the body is the message. Not live and disabled data channels answer 200 with
     * a failed Result, as Ant Media does; a message over the channels' max-message-size answers 413.
     */
    private Object sendMessage(RestRequest req) {
        String id = req.streamId("id");
        String type = req.contentType();
        boolean binary = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
        byte[] payload = req.bodyBytes();
        if (payload.length > MediaService.MAX_DATA_MESSAGE_BYTES) {
            return tooLarge();
        }
        if (!binary && !isUtf8(payload)) {
            throw RestException.badRequest("A text message must be UTF-8; send binary data as application/octet-stream");
        }
        return switch (media.sendData(id, payload, binary)) {
            case SENT -> Result.ok();
            case NOT_LIVE -> new Result(false, "Stream is not live", id, 0);
            case DATA_CHANNELS_DISABLED -> new Result(false, "Data channels are not enabled", id, 0);
            case TOO_LARGE -> tooLarge();
        };
    }

    private static RestResponse tooLarge() {
        return new RestResponse(413, Result.failure("A data channel message has at most "
                + MediaService.MAX_DATA_MESSAGE_BYTES + " bytes"));
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private Object stop(RestRequest req) {
        String id = req.streamId("id");
        found(data.store().broadcast(id).orElse(null));
        boolean stopped = control.stopPublish(id);
        return stopped ? Result.ok(null, id) : new Result(false, "Stream is not live", id, 0);
    }

    private static Map<String, Object> statistics(Broadcast b) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("totalRTMPWatchersCount", b.rtmpViewerCount);
        stats.put("totalHLSWatchersCount", b.hlsViewerCount);
        stats.put("totalWebRTCWatchersCount", b.webRTCViewerCount);
        stats.put("totalDASHWatchersCount", b.dashViewerCount);
        return stats;
    }

    private Map<String, Object> totals() {
        long rtmp = 0;
        long hls = 0;
        long webrtc = 0;
        long dash = 0;
        long live = 0;
        BroadcastQuery page = new BroadcastQuery(0, BroadcastQuery.MAX_SIZE, null, Broadcast.STATUS_BROADCASTING, null, true, null);
        for (List<Broadcast> rows = data.store().broadcasts(page); !rows.isEmpty();
             page = new BroadcastQuery(page.offset() + rows.size(), page.size(), null, Broadcast.STATUS_BROADCASTING, null, true, null),
                     rows = data.store().broadcasts(page)) {
            for (Broadcast b : rows) {
                rtmp += b.rtmpViewerCount;
                hls += b.hlsViewerCount;
                webrtc += b.webRTCViewerCount;
                dash += b.dashViewerCount;
                live++;
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("totalRTMPWatchersCount", rtmp);
        stats.put("totalHLSWatchersCount", hls);
        stats.put("totalWebRTCWatchersCount", webrtc);
        stats.put("totalDASHWatchersCount", dash);
        stats.put("activeLiveStreamCount", live);
        return stats;
    }

    /** A broadcast's own listenerHookURL follows the application's webhook URL policy. Blocking (DNS). */
    private void requireAcceptableHook(String url) {
        WebhookUrlPolicy.of(data.settings()).problem("listenerHookURL", url).ifPresent(problem -> {
            throw RestException.badRequest(problem);
        });
    }

    private static void requireType(String type) {
        if (type == null || !TYPES.contains(type)) {
            throw RestException.badRequest("type must be one of liveStream, ipCamera, streamSource, VoD, playlist");
        }
    }
}
