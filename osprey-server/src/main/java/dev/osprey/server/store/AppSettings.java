package dev.osprey.server.store;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application settings Osprey acts on, with Ant Media's names and defaults. Settings Osprey does
 * not know yet are kept as they were sent ({@link #other}), so a full Ant Media settings document
 * survives a read-modify-write round trip.
 */
public final class AppSettings {

    public boolean ipFilterEnabled = true;
    /** Comma-separated IPv4/IPv6 addresses or CIDR blocks allowed to call the REST API. */
    public String remoteAllowedCIDR = "127.0.0.1";
    public boolean jwtControlEnabled;
    /** HS256 key of the REST JWT filter. */
    public String jwtSecretKey = "";
    public boolean acceptOnlyStreamsInDataStore;
    public String listenerHookURL = "";
    public String webhookContentType = "application/json";
    public int webhookRetryCount;
    public long webhookRetryAttemptDelay = 1000;
    /**
     * Let webhook URLs (and other URLs the server calls) point at loopback, private and link-local
     * addresses. Osprey's own setting, off by default: see {@code WebhookUrlPolicy}.
     */
    public boolean webhookAllowPrivateAddresses;
    public int webRTCViewerLimit = -1;
    /** Accept data channels from publishers and open one to players. */
    public boolean dataChannelEnabled = true;
    /** Where players' messages go: {@code all} (publisher and other players), {@code publisher} or {@code none}. */
    public String dataChannelPlayerDistribution = "all";
    /** Where every data channel message publishers and players send is POSTed (multipart/form-data); empty: nowhere. */
    public String dataChannelWebHookURL = "";

    // Stream security: every control that is enabled must pass (docs/security.md).
    /** One-time tokens ({@code GET /broadcasts/{id}/token}) for publish and for play. */
    public boolean publishTokenControlEnabled;
    public boolean playTokenControlEnabled;
    /** JWT stream tokens signed with {@link #jwtStreamSecretKey} (HS256; claims streamId, type, exp). */
    public boolean publishJwtControlEnabled;
    public boolean playJwtControlEnabled;
    public String jwtStreamSecretKey = "";
    /** Osprey's: accept JWT stream tokens without {@code exp} (never expiring). Off: they are refused. */
    public boolean jwtStreamTokensWithoutExpiryAllowed;
    /** TOTP codes of subscribers ({@code subscriberId} + {@code subscriberCode}). */
    public boolean enableTimeTokenForPublish;
    public boolean enableTimeTokenForPlay;
    /** Secrets the codes of subscribers that are not registered derive from. */
    public String timeTokenSecretForPublish = "";
    public String timeTokenSecretForPlay = "";
    /** Seconds one code is valid (the one before stays valid for one more period). */
    public int timeTokenPeriod = 60;
    /** Only registered subscribers get in: no codes derived from the application's secrets. */
    public boolean timeTokenSubscriberOnly;
    /** Hash tokens: {@code sha256(streamId + role + tokenHashSecret)}. */
    public boolean hashControlPublishEnabled;
    public boolean hashControlPlayEnabled;
    public String tokenHashSecret = "";
    /** Asked before a publish (and before a play) is accepted: HTTP 200 lets the client in. Empty: nobody asked. */
    public String webhookAuthenticateURL = "";
    public String webhookPlayAuthUrl = "";

    // Recording (docs/recording.md); a broadcast's mp4Enabled / webMEnabled override the first two.
    /** Record every H.264 stream to MP4 (Opus audio as AAC). */
    public boolean mp4MuxingEnabled;
    /** Record every VP8, VP9 or AV1 stream to WebM (Opus as it is). */
    public boolean webMMuxingEnabled;
    /** Recordings are named {@code {streamId}-yyyy-MM-dd_HH-mm-ss.SSS} instead of {@code {streamId}}. */
    public boolean addDateTimeToMp4FileName;

    // HLS (docs/hls.md); a broadcast's hlsParameters override the first three.
    /** Every H.264 stream is also served as HLS (and Low-Latency HLS) at {@code /{App}/streams/{streamId}.m3u8}. */
    public boolean hlsMuxingEnabled = true;
    /** Segment duration in seconds: a segment is cut at the first keyframe after it. */
    public String hlsTime = "2";
    /** Segments a live playlist lists. */
    public String hlsListSize = "15";
    /** "" (a sliding window), "event" or "vod" (every segment listed and kept). */
    public String hlsPlayListType = "";
    /** "mpegts" or "fmp4". */
    public String hlsSegmentType = "mpegts";
    /** {@code delete_segments}: files of segments that left the window are deleted; {@code program_date_time}. */
    public String hlsflags = "delete_segments+program_date_time";
    public boolean deleteHLSFilesOnEnded = true;
    /** Osprey's own: the Low-Latency HLS part duration in seconds; 0 serves regular HLS only. */
    public String llHlsPartTime = "0.5";

    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }

    @JsonAnySetter
    public void other(String name, Object value) {
        other.put(name, value);
    }
}
