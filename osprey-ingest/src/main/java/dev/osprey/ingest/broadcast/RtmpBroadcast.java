package dev.osprey.ingest.broadcast;

import dev.osprey.ingest.flv.AnnexB;
import dev.osprey.ingest.flv.Av1Configuration;
import dev.osprey.ingest.flv.AvcConfiguration;
import dev.osprey.ingest.flv.FlvAudioTag;
import dev.osprey.ingest.flv.FlvFormatException;
import dev.osprey.ingest.flv.FlvVideoTag;
import dev.osprey.ingest.rtmp.PublishRequest;
import dev.osprey.ingest.rtmp.RtmpListener;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * One RTMP encoder's publish as a broadcast ({@link EncoderPublish}, {@code publishType} RTMP): reads
 * the FLV tags, turns length-prefixed H.264 into Annex B with the parameter sets in front of each
 * keyframe, takes Enhanced RTMP's AV1 with the sequence header in front of each keyframe, and keeps the
 * encoder's millisecond timestamps on one timeline. H.265 is left out: the browsers here cannot play it
 * over WebRTC. Runs on the connection's event loop.
 */
public final class RtmpBroadcast implements RtmpListener {
    public static final String PUBLISH_TYPE = "RTMP";
    private static final int MILLISECONDS = 1_000;


    private final Function<String, IngestTarget> targets;
    private final AudioTranscoding audio;
    private final TimelineGuard timeline = new TimelineGuard(MILLISECONDS);
    private EncoderPublish publish;
    private AvcConfiguration avc;
    private Av1Configuration av1;
    private String streamId;
    private boolean warnedBFrames;

    /**
     * @param targets the application an encoder names, or null when there is none
     * @param audio   the AAC to Opus transcoding
     */
    public RtmpBroadcast(Function<String, IngestTarget> targets, AudioTranscoding audio) {
        this.targets = targets;
        this.audio = audio;
    }

    @Override
    public void onPublishRequest(PublishRequest request) {
        IngestTarget target = targets.apply(request.application());
        if (target == null) {
            request.refuse("no application " + request.application());
            return;
        }
        streamId = request.streamName();
        String remote = request.remote().getHostString() + ":" + request.remote().getPort();
        publish = new EncoderPublish(PUBLISH_TYPE, streamId, target, audio, new EncoderPublish.Connection() {
            @Override
            public void accept() {
                request.accept();
            }

            @Override
            public void refuse(String definition) {
                request.refuse(definition);
            }

            @Override
            public void end(String reason) {
                request.end(reason);
            }
        }, remote, request.executor(), StreamCredentials.fromQuery(request.query()));
    }

    /** {@code onMetaData} names the codecs the encoder will send; a missing one is not waited for. */
    @Override
    public void onMetadata(Map<String, Object> metadata) {
        if (publish != null && (metadata.containsKey("videocodecid") || metadata.containsKey("audiocodecid"))) {
            publish.expectTracks(metadata.containsKey("videocodecid"), metadata.containsKey("audiocodecid"));
        }
    }

    @Override
    public void onVideo(long timestamp, byte[] tag) {
        if (publish == null || !publish.accepting()) {
            return;
        }
        try {
            FlvVideoTag video = FlvVideoTag.parse(tag);
            switch (video.codec()) {
                case FlvVideoTag.AVC -> onAvc(timestamp, tag, video);
                case FlvVideoTag.AV1 -> onAv1(timestamp, tag, video);
                default -> publish.unsupported("video codec " + video.codec());
            }
        } catch (FlvFormatException e) {
            publish.fail("broken video: " + e.getMessage());
        }
    }

    private void onAvc(long timestamp, byte[] tag, FlvVideoTag video) throws FlvFormatException {
        if (video.packet() == FlvVideoTag.Packet.SEQUENCE_HEADER) {
            avc = AvcConfiguration.parse(tag, video.payloadOffset(), video.payloadLength());
            publish.h264Configuration(avc.profileLevelId());
        } else if (video.packet() == FlvVideoTag.Packet.FRAME && avc != null) {
            onVideoFrame(timeline.map(timestamp), tag, video);
        }
    }

    /** Enhanced RTMP's AV1: a configuration record, then temporal units (AV1 has no B-frame reordering). */
    private void onAv1(long timestamp, byte[] tag, FlvVideoTag video) throws FlvFormatException {
        if (video.packet() == FlvVideoTag.Packet.SEQUENCE_HEADER) {
            av1 = Av1Configuration.parse(tag, video.payloadOffset(), video.payloadLength());
            publish.av1Configuration(av1.profile());
        } else if (video.packet() == FlvVideoTag.Packet.FRAME && av1 != null) {
            byte[] unit = av1.temporalUnit(tag, video.payloadOffset(), video.payloadLength(), video.keyframe());
            publish.video(unit, video.keyframe(), timeline.map(timestamp) * 90);
        }
    }

    private void onVideoFrame(long millis, byte[] tag, FlvVideoTag video) throws FlvFormatException {
        if (video.compositionTime() != 0 && !warnedBFrames) {
            warnedBFrames = true;
            publish.warn(EncoderPublish.B_FRAMES);
        }
        AnnexB.Frame frame = AnnexB.fromAvcc(tag, video.payloadOffset(), video.payloadLength(), avc);
        publish.video(frame.data(), frame.keyframe(), (millis + video.compositionTime()) * 90);
    }

    @Override
    public void onAudio(long timestamp, byte[] tag) {
        if (publish == null || !publish.accepting()) {
            return;
        }
        try {
            FlvAudioTag aac = FlvAudioTag.parse(tag);
            if (aac.soundFormat() != FlvAudioTag.AAC) {
                publish.unsupported("audio format " + aac.soundFormat() + " (only AAC is taken)");
            } else if (aac.aacConfig()) {
                publish.audioConfiguration(Arrays.copyOfRange(tag, aac.payloadOffset(),
                        aac.payloadOffset() + aac.payloadLength()));
            } else {
                publish.audio(tag, aac.payloadOffset(), aac.payloadLength(), timeline.map(timestamp), MILLISECONDS);
            }
        } catch (FlvFormatException e) {
            publish.fail("broken audio: " + e.getMessage());
        }
    }

    @Override
    public void onClosed(String reason) {
        if (publish != null) {
            publish.connectionClosed();
        }
    }
}
