package dev.osprey.ingest.broadcast;

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
import java.util.concurrent.Executor;

/**
 * One encoder's publish turned into a broadcast, whatever protocol brings it (RTMP, SRT): the publish
 * goes through the signalling as a {@link BridgedClient} with the protocol's {@code publishType}; once
 * granted, and once the codecs are known, the frames feed a {@link FramePublisher}: H.264 as it is
 * (Annex B, parameter sets in front of each keyframe), AAC transcoded to Opus. The broadcast ends with
 * the connection, and the connection with the broadcast (REST stop, a take-over, no media).
 *
 * <p>Threading: everything runs on the connection's event loop, the signalling's events included; the
 * transcoder's Opus comes from its own thread and goes straight to the frame publisher, which takes
 * frames from any thread.
 */
final class EncoderPublish implements BridgedClient.Events {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderPublish.class);
    static final int H264_PAYLOAD_TYPE = 102;
    static final int AV1_PAYLOAD_TYPE = 45;
    static final int OPUS_PAYLOAD_TYPE = 111;
    static final String B_FRAMES = "the encoder sends B-frames, which WebRTC viewers play with stutter: turn them off "
            + "(x264 bframes=0; OBS: x264 options bframes=0, or profile baseline)";
    /** Media this long after the first frame starts the broadcast with the tracks known by then. */
    private static final long TRACK_WAIT_MILLIS = 1_000;

    /** The protocol side of the publish. */
    interface Connection {
        /** The signalling granted the publish: the encoder may send. */
        void accept();

        /** The signalling refused it ({@code definition}: Ant Media's error). */
        void refuse(String definition);

        /** The broadcast is over: close the connection. */
        void end(String reason);
    }

    private enum State { REQUESTED, GRANTED, STARTING, PUBLISHING, ENDED }

    private final String protocol;
    private final String streamId;
    private final IngestTarget target;
    private final AudioTranscoding audio;
    private final Connection connection;
    private final BridgedClient client;
    private State state = State.REQUESTED;

    private boolean expectVideo = true;
    private boolean expectAudio = true;
    /** The video track's codec once known, and how the log names it; then what the encoder sends now. */
    private RtpCodec videoCodec;
    private String videoName;
    private String latestVideoName;
    private byte[] audioConfig;
    private String unsupported;
    private long firstMediaMillis = -1;

    private FramePublisher frames;
    private int videoTrack = -1;
    private int audioTrack = -1;
    private AudioTranscoding.Transcoder transcoder;
    /** A warning waiting for the broadcast to go live, or null. */
    private String pendingWarning;
    /** The signalling reported the broadcast live. */
    private boolean live;

    /**
     * Asks the signalling to publish {@code streamId}; the answer comes through {@code connection}.
     *
     * @param protocol the {@code publishType}: "RTMP", "SRT"
     * @param remote   the encoder's "ip:port"
     * @param executor the connection's event loop
     */
    EncoderPublish(String protocol, String streamId, IngestTarget target, AudioTranscoding audio, Connection connection,
                   String remote, Executor executor, BridgedClient.Credentials credentials) {
        this.protocol = protocol;
        this.streamId = streamId;
        this.target = target;
        this.audio = audio;
        this.connection = connection;
        this.client = target.signaling().bridge(protocol, remote, executor, this);
        client.publish(streamId, null, credentials);
    }

    /** True once granted and until the end: frames are worth reading. */
    boolean accepting() {
        return state == State.GRANTED || state == State.STARTING || state == State.PUBLISHING;
    }

    /** What the encoder announced it will send; a track it leaves out is not waited for. */
    void expectTracks(boolean video, boolean audio) {
        expectVideo = video;
        expectAudio = audio;
        maybeStart(-1);
    }

    /** The H.264 stream's {@code profile-level-id} (from its SPS), known: the video track can start. */
    void h264Configuration(String profileLevelId) {
        videoConfiguration(RtpCodec.of(H264_PAYLOAD_TYPE, "H264", 90_000, null)
                .withParameters(Map.of("packetization-mode", "1",
                        "profile-level-id", H264Offer.profileLevelId(profileLevelId),
                        "level-asymmetry-allowed", "1")), "H.264 " + profileLevelId);
    }

    /** The AV1 stream's {@code seq_profile}, known: the video track can start. */
    void av1Configuration(int profile) {
        RtpCodec av1 = RtpCodec.of(AV1_PAYLOAD_TYPE, "AV1", 90_000, null);
        videoConfiguration(profile == 0 ? av1 : av1.withParameters(Map.of("profile", Integer.toString(profile))),
                "AV1 profile " + profile);
    }

    private void videoConfiguration(RtpCodec codec, String name) {
        if (videoCodec == null) {
            videoCodec = codec;
            videoName = name;
            latestVideoName = name;
            maybeStart(-1);
        } else if (!latestVideoName.equals(name)) {
            LOG.info("{} {}: video changed from {} to {} mid-stream; viewers were offered {}", protocol, streamId,
                    latestVideoName, name, videoName);
            latestVideoName = name;
        }
    }

    /** The AAC stream's AudioSpecificConfig, known: the audio track can start. */
    void audioConfiguration(byte[] audioSpecificConfig) {
        if (audioConfig == null) {
            audioConfig = audioSpecificConfig.clone();
            maybeStart(-1);
        }
    }

    /** A codec Osprey does not take; its track is left out (and logged once). */
    void unsupported(String what) {
        if (unsupported == null) {
            unsupported = what;
            LOG.warn("{} {}: {} is not supported; that track is left out", protocol, streamId, what);
        }
    }

    /** One video frame (H.264 in Annex B form, an AV1 temporal unit) at {@code timestamp} on the 90 kHz clock. */
    void video(byte[] annexB, boolean keyframe, long timestamp90k) {
        maybeStart(timestamp90k / 90);
        if (frames != null && videoTrack >= 0 && annexB.length > 0) {
            frames.frame(videoTrack, annexB, 0, annexB.length, keyframe, timestamp90k);
        }
    }

    /** One raw AAC frame at {@code timestamp} in units of {@code clockRate} per second. */
    void audio(byte[] frame, int off, int len, long timestamp, int clockRate) {
        maybeStart(timestamp * 1000 / clockRate);
        if (transcoder != null) {
            transcoder.submit(frame, off, len, timestamp, clockRate);
        }
    }

    /**
     * The encoder does something viewers suffer from: logged, and reported on the broadcast
     * ({@code encoderWarning} in REST, the {@code encoderWarning} webhook) once it is live.
     */
    void warn(String warning) {
        LOG.warn("{} {}: {}", protocol, streamId, warning);
        pendingWarning = warning;
        if (live) {
            sendWarning();
        }
    }

    private void sendWarning() {
        if (pendingWarning != null) {
            client.warn(streamId, pendingWarning);
            pendingWarning = null;
        }
    }

    /** The stream is broken ({@code reason} says how): the broadcast and the connection end. */
    void fail(String reason) {
        end(reason);
    }

    /** The connection closed: the broadcast ends. */
    void connectionClosed() {
        State was = state;
        state = State.ENDED;
        closeTranscoder();
        if (was != State.ENDED) {
            client.close();
        }
    }

    // ---- signalling (the connection's event loop)

    @Override
    public void granted(String id) {
        if (state == State.REQUESTED) {
            state = State.GRANTED;
            connection.accept();
            maybeStart(-1);
        }
    }

    @Override
    public void refused(String id, String definition) {
        if (state == State.REQUESTED) {
            state = State.ENDED;
            connection.refuse(definition);
            client.close();
        } else {
            end(definition);
        }
    }

    /** The broadcast is live ({@code publish_started}): only now does a warning reach its record. */
    @Override
    public void started(String id) {
        live = true;
        sendWarning();
    }

    @Override
    public void finished(String id) {
        end("the stream ended");
    }

    // ---- start

    /** Starts the broadcast once every expected track is known, or a second of media came without. */
    private void maybeStart(long mediaMillis) {
        if (state != State.GRANTED) {
            return;
        }
        if (mediaMillis >= 0 && firstMediaMillis < 0) {
            firstMediaMillis = mediaMillis;
        }
        boolean videoReady = videoCodec != null || !expectVideo;
        boolean audioReady = audioConfig != null || !expectAudio;
        boolean waitedEnough = firstMediaMillis >= 0 && mediaMillis - firstMediaMillis >= TRACK_WAIT_MILLIS;
        if (!(videoReady && audioReady) && !waitedEnough) {
            return;
        }
        List<PublishedTrack> tracks = new ArrayList<>();
        if (videoCodec != null) {
            videoTrack = tracks.size();
            tracks.add(new PublishedTrack("video", videoCodec,
                    RtpCodec.rtx(videoCodec.payloadType() + 1, 90_000, videoCodec.payloadType()), "0", true));
        }
        if (audioConfig != null) {
            audioTrack = tracks.size();
            tracks.add(new PublishedTrack("audio", RtpCodec.of(OPUS_PAYLOAD_TYPE, "opus", 48_000, 2), null,
                    Integer.toString(tracks.size()), true));
        }
        if (tracks.isEmpty()) {
            end(unsupported != null ? "nothing playable: " + unsupported : "no H.264 or AV1 video, no AAC audio");
            return;
        }
        state = State.STARTING;
        client.startMedia(streamId, listener -> {
            IngestTarget.FrameSource source = target.openFrameSource(streamId, tracks, listener);
            started(source.frames());
            return source.leg();
        });
    }

    private void started(FramePublisher publisher) throws MediaRefusedException {
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
                LOG.warn("{} {}: the audio cannot be transcoded, the stream goes on without it: {}", protocol,
                        streamId, e.getMessage());
            }
        }
        LOG.info("{} {}: publishing {}{}", protocol, streamId,
                videoCodec != null ? videoName : "no video",
                transcoder != null ? " with AAC transcoded to Opus" : " without audio");
    }

    private void end(String reason) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        closeTranscoder();
        connection.end(reason);
        client.close();
    }

    private void closeTranscoder() {
        if (transcoder != null) {
            transcoder.close();
            transcoder = null;
        }
    }
}
