package dev.osprey.ingest.broadcast;

import dev.osprey.ingest.flv.AnnexB;
import dev.osprey.ingest.flv.AvcConfiguration;
import dev.osprey.ingest.flv.FlvAudioTag;
import dev.osprey.ingest.flv.FlvFormatException;
import dev.osprey.ingest.flv.FlvVideoTag;
import dev.osprey.ingest.rtmp.PublishRequest;
import dev.osprey.ingest.rtmp.RtmpListener;
import dev.osprey.media.service.FramePublisher;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.signaling.BridgedClient;
import dev.osprey.signaling.media.MediaRefusedException;
import dev.osprey.signaling.protocol.Definitions;
import dev.osprey.webrtc.sdp.RtpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One RTMP encoder's publish turned into a broadcast: the publish goes through the signalling as a
 * {@link BridgedClient} ({@code publishType} RTMP), and once granted and its codecs are known (from the
 * sequence headers) its frames feed a {@link FramePublisher}: H.264 as it is, reframed to Annex B with the
 * parameter sets in front of each keyframe; AAC transcoded to Opus. The stream ends with the connection,
 * and the connection with the stream (REST stop, take-over, no media).
 *
 * <p>Threading: everything runs on the connection's event loop, the signalling's events included; the
 * transcoder's Opus comes from its own thread and goes straight to the frame publisher, which takes
 * frames from any thread.
 */
public final class RtmpBroadcast implements RtmpListener, BridgedClient.Events {
    private static final Logger LOG = LoggerFactory.getLogger(RtmpBroadcast.class);
    public static final String PUBLISH_TYPE = "RTMP";
    static final int H264_PAYLOAD_TYPE = 102;
    static final int OPUS_PAYLOAD_TYPE = 111;
    /** Media this long after the first message starts the broadcast with the tracks known by then. */
    private static final long TRACK_WAIT_MILLIS = 1_000;
    /** A timestamp that moves by more than this between messages is a jump (a restarted encoder clock). */
    private static final long TIMESTAMP_JUMP_MILLIS = 5_000;

    private enum State { NEW, REQUESTED, GRANTED, STARTING, PUBLISHING, ENDED }

    private final Function<String, IngestTarget> targets;
    private final AudioTranscoding audio;
    private State state = State.NEW;
    private PublishRequest request;
    private IngestTarget target;
    private BridgedClient client;
    private String streamId;

    private boolean expectVideo = true;
    private boolean expectAudio = true;
    private AvcConfiguration avc;
    private byte[] audioConfig;
    private String unsupported;
    private long firstMediaMillis = -1;

    private FramePublisher frames;
    private int videoTrack = -1;
    private int audioTrack = -1;
    private AudioTranscoding.Transcoder transcoder;
    private boolean warnedBFrames;
    private long lastTimestamp = Long.MIN_VALUE;
    /** Added to the encoder's timestamps so that the media timeline runs on across a jump. */
    private long timestampOffset;

    /**
     * @param targets the application an encoder names, or null when there is none
     * @param audio   the AAC to Opus transcoding
     */
    public RtmpBroadcast(Function<String, IngestTarget> targets, AudioTranscoding audio) {
        this.targets = targets;
        this.audio = audio;
    }

    // ---- RTMP (the connection's event loop)

    @Override
    public void onPublishRequest(PublishRequest request) {
        this.request = request;
        IngestTarget target = targets.apply(request.application());
        if (target == null) {
            state = State.ENDED;
            request.refuse("no application " + request.application());
            return;
        }
        this.streamId = request.streamName();
        state = State.REQUESTED;
        String remote = request.remote().getAddress().getHostAddress() + ":" + request.remote().getPort();
        this.target = target;
        client = target.signaling().bridge(PUBLISH_TYPE, remote, request.executor(), this);
        client.publish(streamId, null, StreamCredentials.fromQuery(request.query()));
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        // Encoders name the codecs they will send; a missing one means that track will not come.
        if (metadata.containsKey("videocodecid") || metadata.containsKey("audiocodecid")) {
            expectVideo = metadata.containsKey("videocodecid");
            expectAudio = metadata.containsKey("audiocodecid");
        }
    }

    @Override
    public void onVideo(long timestamp, byte[] tag) {
        if (state == State.ENDED || state == State.NEW || state == State.REQUESTED) {
            return;
        }
        FlvVideoTag video;
        try {
            video = FlvVideoTag.parse(tag);
        } catch (FlvFormatException e) {
            end("broken video: " + e.getMessage());
            return;
        }
        if (!FlvVideoTag.AVC.equals(video.codec())) {
            unsupported("video codec " + video.codec());
            return;
        }
        switch (video.packet()) {
            case SEQUENCE_HEADER -> onAvcConfiguration(tag, video);
            case FRAME -> onVideoFrame(timestamp, tag, video);
            default -> {
            }
        }
    }

    private void onAvcConfiguration(byte[] tag, FlvVideoTag video) {
        try {
            AvcConfiguration config = AvcConfiguration.parse(tag, video.payloadOffset(), video.payloadLength());
            if (avc != null && frames != null && !avc.profileLevelId().equals(config.profileLevelId())) {
                LOG.info("RTMP {}: H.264 profile changed from {} to {} mid-stream", streamId, avc.profileLevelId(),
                        config.profileLevelId());
            }
            avc = config;
        } catch (FlvFormatException e) {
            end("broken H.264 configuration: " + e.getMessage());
            return;
        }
        maybeStart(-1);
    }

    private void onVideoFrame(long timestamp, byte[] tag, FlvVideoTag video) {
        long media = mediaTime(timestamp);
        maybeStart(media);
        if (frames == null || videoTrack < 0 || avc == null) {
            return;
        }
        if (video.compositionTime() != 0 && !warnedBFrames) {
            warnedBFrames = true;
            LOG.warn("RTMP {}: the encoder sends B-frames; WebRTC viewers may stutter. Turn them off "
                    + "(x264 bframes=0, OBS: profile baseline or 'bframes=0')", streamId);
        }
        AnnexB.Frame frame;
        try {
            frame = AnnexB.fromAvcc(tag, video.payloadOffset(), video.payloadLength(), avc);
        } catch (FlvFormatException e) {
            end("broken H.264 frame: " + e.getMessage());
            return;
        }
        if (frame.data().length > 0) {
            frames.frame(videoTrack, frame.data(), 0, frame.data().length, frame.keyframe(),
                    (media + video.compositionTime()) * 90);
        }
    }

    @Override
    public void onAudio(long timestamp, byte[] tag) {
        if (state == State.ENDED || state == State.NEW || state == State.REQUESTED) {
            return;
        }
        FlvAudioTag aac;
        try {
            aac = FlvAudioTag.parse(tag);
        } catch (FlvFormatException e) {
            end("broken audio: " + e.getMessage());
            return;
        }
        if (aac.soundFormat() != FlvAudioTag.AAC) {
            unsupported("audio format " + aac.soundFormat() + " (only AAC is taken)");
            return;
        }
        if (aac.aacConfig()) {
            if (audioConfig == null) {
                audioConfig = Arrays.copyOfRange(tag, aac.payloadOffset(), aac.payloadOffset() + aac.payloadLength());
                maybeStart(-1);
            }
            return;
        }
        long media = mediaTime(timestamp);
        maybeStart(media);
        if (transcoder != null) {
            transcoder.submit(tag, aac.payloadOffset(), aac.payloadLength(), media);
        }
    }

    @Override
    public void onClosed(String reason) {
        State was = state;
        state = State.ENDED;
        closeTranscoder();
        if (client != null && was != State.ENDED) {
            client.close();
        }
    }

    // ---- signalling (the connection's event loop)

    @Override
    public void granted(String id) {
        if (state == State.REQUESTED) {
            state = State.GRANTED;
            request.accept();
            maybeStart(-1);
        }
    }

    @Override
    public void refused(String id, String definition) {
        if (state == State.REQUESTED) {
            state = State.ENDED;
            request.refuse(definition);
            client.close();
        } else {
            end(definition);
        }
    }

    @Override
    public void finished(String id) {
        end("the stream ended");
    }

    // ---- start

    /** Starts the broadcast once every expected track's configuration is known, or a second of media came without. */
    private void maybeStart(long mediaMillis) {
        if (state != State.GRANTED) {
            return;
        }
        if (mediaMillis >= 0 && firstMediaMillis < 0) {
            firstMediaMillis = mediaMillis;
        }
        boolean videoReady = avc != null || !expectVideo;
        boolean audioReady = audioConfig != null || !expectAudio;
        boolean waitedEnough = firstMediaMillis >= 0 && mediaMillis - firstMediaMillis >= TRACK_WAIT_MILLIS;
        if (!(videoReady && audioReady) && !waitedEnough) {
            return;
        }
        List<PublishedTrack> tracks = new ArrayList<>();
        if (avc != null) {
            videoTrack = tracks.size();
            tracks.add(new PublishedTrack("video", RtpCodec.of(H264_PAYLOAD_TYPE, "H264", 90_000, null)
                    .withParameters(Map.of("packetization-mode", "1",
                            "profile-level-id", H264Offer.profileLevelId(avc.profileLevelId()),
                            "level-asymmetry-allowed", "1")),
                    RtpCodec.rtx(H264_PAYLOAD_TYPE + 1, 90_000, H264_PAYLOAD_TYPE), "0", true));
        }
        if (audioConfig != null) {
            audioTrack = tracks.size();
            tracks.add(new PublishedTrack("audio", RtpCodec.of(OPUS_PAYLOAD_TYPE, "opus", 48_000, 2), null,
                    Integer.toString(tracks.size()), true));
        }
        if (tracks.isEmpty()) {
            end(unsupported != null ? "nothing playable: " + unsupported : "no H.264 video or AAC audio");
            return;
        }
        state = State.STARTING;
        IngestTarget target = this.target;
        client.startMedia(streamId, listener -> {
            IngestTarget.FrameSource source = target.openFrameSource(streamId, tracks, listener);
            onStarted(source.frames());
            return source.leg();
        });
    }

    private void onStarted(FramePublisher publisher) throws MediaRefusedException {
        if (state != State.STARTING) {
            publisher.close();
            throw new MediaRefusedException(Definitions.NOT_SET_REMOTE_DESCRIPTION, "the encoder left");
        }
        state = State.PUBLISHING;
        frames = publisher;
        if (audioTrack >= 0) {
            try {
                int track = audioTrack;
                transcoder = audio.open(audioConfig, (packet, length, rtpTimestamp) ->
                        publisher.frame(track, Arrays.copyOf(packet, length), 0, length, true, rtpTimestamp));
            } catch (RuntimeException e) {
                LOG.warn("RTMP {}: the audio cannot be transcoded, the stream goes on without it: {}", streamId,
                        e.getMessage());
            }
        }
        LOG.info("RTMP {}: publishing {}{}", streamId, avc != null ? "H.264 " + avc.profileLevelId() : "no video",
                transcoder != null ? " with AAC transcoded to Opus" : " without audio");
    }

    private void unsupported(String what) {
        if (unsupported == null) {
            unsupported = what;
            LOG.warn("RTMP {}: {} is not supported; that track is left out", streamId, what);
        }
    }

    /** The encoder's timestamp on this publish's media timeline, which a jump of its clock does not break. */
    private long mediaTime(long timestamp) {
        if (lastTimestamp != Long.MIN_VALUE) {
            long step = timestamp + timestampOffset - lastTimestamp;
            if (step > TIMESTAMP_JUMP_MILLIS || step < -TIMESTAMP_JUMP_MILLIS) {
                LOG.info("RTMP {}: timestamp jumped by {} ms; the timeline goes on", streamId, step);
                timestampOffset = lastTimestamp + 1 - timestamp;
            }
        }
        long media = timestamp + timestampOffset;
        lastTimestamp = Math.max(lastTimestamp, media);
        return media;
    }

    private void end(String reason) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        closeTranscoder();
        if (request != null) {
            request.end(reason);
        }
        if (client != null) {
            client.close();
        }
    }

    private void closeTranscoder() {
        if (transcoder != null) {
            transcoder.close();
            transcoder = null;
        }
    }
}
