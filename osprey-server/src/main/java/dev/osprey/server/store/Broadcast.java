package dev.osprey.server.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Ant Media's Broadcast object: the JSON shape of the REST API and the document the store keeps per
 * stream. Public fields because this is a plain data carrier that Jackson maps one to one; defaults
 * are Ant Media's. Timestamps are epoch milliseconds except {@code plannedStartDate}/{@code plannedEndDate}
 * (epoch seconds, as in Ant Media).
 */
public final class Broadcast {

    public static final String STATUS_CREATED = "created";
    public static final String STATUS_BROADCASTING = "broadcasting";
    public static final String STATUS_FINISHED = "finished";
    public static final String TYPE_LIVE_STREAM = "liveStream";

    public String streamId;
    public String status = STATUS_CREATED;
    public String playListStatus;
    public String type = TYPE_LIVE_STREAM;
    public String publishType;
    public String name;
    public String description;
    public boolean publish = true;
    public long date;
    public long plannedStartDate;
    public long plannedEndDate;
    public long duration;
    public List<JsonNode> endPointList = new ArrayList<>();
    public List<JsonNode> playListItemList = new ArrayList<>();
    public boolean publicStream = true;
    public boolean is360;
    public String listenerHookURL;
    public String category;
    public String ipAddr;
    public String username;
    public String password;
    public String quality;
    public double speed;
    public String streamUrl;
    public String originAdress;
    public int mp4Enabled;
    public int webMEnabled;
    public long seekTimeInMs;
    public int expireDurationMS;
    public String rtmpURL;
    public boolean zombi;
    public int pendingPacketSize;
    public int hlsViewerCount;
    public int dashViewerCount;
    public int webRTCViewerCount;
    public int rtmpViewerCount;
    public long startTime;
    public long receivedBytes;
    public long bitrate;
    public int width;
    public int height;
    public int encoderQueueSize;
    public int dropPacketCountInIngestion;
    public int dropFrameCountInEncoding;
    public double packetLostRatio;
    public int packetsLost;
    public double jitterMs;
    public int rttMs;
    public String userAgent = "N/A";
    public String remoteIp;
    public String latitude;
    public String longitude;
    public String altitude;
    public String mainTrackStreamId;
    public List<String> subTrackStreamIds = new ArrayList<>();
    public long absoluteStartTimeMs;
    public int webRTCViewerLimit = -1;
    public int hlsViewerLimit = -1;
    public int dashViewerLimit = -1;
    public int subtracksLimit = -1;
    public String subFolder;
    public int currentPlayIndex;
    public String metaData;
    /** Why the stream has no HLS (its video codec), null when it has; Osprey's own field. */
    public String hlsUnavailableReason;
    /** What the encoder does that viewers suffer from (B-frames), null when nothing; Osprey's own field. */
    public String encoderWarning;
    public boolean playlistLoopEnabled = true;
    public boolean autoStartStopEnabled;
    public boolean virtual;
    public long updateTime;
    public String role;
    public JsonNode hlsParameters;
    public List<JsonNode> encoderSettingsList;
    public int maxIdleTime;

    public boolean isLive() {
        return STATUS_BROADCASTING.equals(status);
    }
}
