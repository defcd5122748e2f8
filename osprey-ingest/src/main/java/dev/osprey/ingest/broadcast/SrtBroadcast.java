package dev.osprey.ingest.broadcast;

import dev.osprey.ingest.audio.AdtsHeader;
import dev.osprey.ingest.srt.RejectReason;
import dev.osprey.ingest.srt.SrtListener;
import dev.osprey.ingest.srt.SrtPublishRequest;
import dev.osprey.ingest.ts.TsCodec;
import dev.osprey.ingest.ts.TsDemuxer;
import dev.osprey.ingest.ts.TsListener;
import dev.osprey.ingest.ts.TsProgramDescription;
import dev.osprey.signaling.BridgedClient;

import java.util.function.Function;

/**
 * One SRT caller's publish as a broadcast ({@link EncoderPublish}, {@code publishType} SRT): its
 * {@code streamid} names the application and stream as Ant Media reads it, its MPEG-TS is demultiplexed,
 * H.264 goes on as it is (parameter sets put in front of keyframes that lack them) and AAC is transcoded.
 * H.265 is not taken yet: the browsers here cannot play it over WebRTC. Runs on the listener's event loop.
 */
public final class SrtBroadcast implements SrtListener, TsListener {
    public static final String PUBLISH_TYPE = "SRT";
    private static final int CLOCK_90K = 90_000;

    private final Function<String, IngestTarget> targets;
    private final AudioTranscoding audio;
    private final TsDemuxer demuxer = new TsDemuxer(this);
    private final ParameterSets parameterSets = new ParameterSets();
    private final TimelineGuard timeline = new TimelineGuard(CLOCK_90K);
    private EncoderPublish publish;
    private byte[] audioConfig;
    private boolean warnedBFrames;
    /** The SPS profile last told to the publish, so that it is told only of a change. */
    private String announcedProfile;

    public SrtBroadcast(Function<String, IngestTarget> targets, AudioTranscoding audio) {
        this.targets = targets;
        this.audio = audio;
    }

    @Override
    public void onPublishRequest(SrtPublishRequest request) {
        SrtStreamId id = SrtStreamId.parse(request.streamId());
        if (id == null) {
            request.refuse("streamid must be {App}/{streamId}[,token=...]", RejectReason.NOT_FOUND);
            return;
        }
        IngestTarget target = targets.apply(id.application());
        if (target == null) {
            request.refuse("no application " + id.application(), RejectReason.NOT_FOUND);
            return;
        }
        String remote = request.remote().getHostString() + ":" + request.remote().getPort();
        publish = new EncoderPublish(PUBLISH_TYPE, id.streamId(), target, audio, new EncoderPublish.Connection() {
            @Override
            public void accept() {
                request.accept();
            }

            @Override
            public void refuse(String definition) {
                request.refuse(definition, RejectReason.FORBIDDEN);
            }

            @Override
            public void end(String reason) {
                request.end(reason);
            }
        }, remote, request.executor(), id.credentials());
    }

    @Override
    public void onPayload(byte[] data, int offset, int length) {
        if (publish != null && publish.accepting()) {
            demuxer.feed(data, offset, length);
        }
    }

    @Override
    public void onClosed(String reason) {
        if (publish != null) {
            publish.connectionClosed();
        }
    }

    // ---- MPEG-TS (same thread, inside feed)

    @Override
    public void onProgram(TsProgramDescription program) {
        boolean h264 = program.video().map(v -> v.codec() == TsCodec.H264).orElse(false);
        program.video().filter(v -> v.codec() != TsCodec.H264).ifPresent(v -> publish.unsupported("video " + v.codec()));
        publish.expectTracks(h264, program.hasAudio());
    }

    @Override
    public void onVideoAccessUnit(TsCodec codec, long pts90k, long dts90k, byte[] annexB, boolean keyframe) {
        if (codec != TsCodec.H264 || pts90k == TsDemuxer.NO_TIMESTAMP) {
            return;
        }
        if (dts90k != TsDemuxer.NO_TIMESTAMP && dts90k != pts90k && !warnedBFrames) {
            warnedBFrames = true;
            publish.warn(EncoderPublish.B_FRAMES);
        }
        byte[] accessUnit = parameterSets.apply(annexB, keyframe);
        String profile = parameterSets.profileLevelId();
        if (profile == null) {
            return; // no SPS yet: nothing a viewer could decode
        }
        if (!profile.equals(announcedProfile)) {
            announcedProfile = profile;
            publish.h264Configuration(profile);
        }
        publish.video(accessUnit, keyframe, timeline.map(pts90k));
    }

    @Override
    public void onAudioFrame(TsCodec codec, long pts90k, byte[] adtsFrame, AdtsHeader header) {
        if (pts90k == TsDemuxer.NO_TIMESTAMP) {
            return;
        }
        if (audioConfig == null) {
            audioConfig = header.audioSpecificConfig().bytes();
            publish.audioConfiguration(audioConfig);
        }
        int headerLength = header.headerLength();
        publish.audio(adtsFrame, headerLength, adtsFrame.length - headerLength, timeline.map(pts90k), CLOCK_90K);
    }

    /** What an SRT {@code streamid} names, and the credentials it carries. */
    record SrtStreamId(String application, String streamId, BridgedClient.Credentials credentials) {

        /**
         * Reads Ant Media's form {@code App/streamId[,token=...][,subscriberId=...][,subscriberCode=...]} and
         * SRT's access-control form {@code #!::r=App/streamId,m=publish[,token=...]}; null when neither.
         */
        static SrtStreamId parse(String raw) {
            String text = raw.startsWith("#!::") ? raw.substring(4) : raw;
            String resource = null;
            StringBuilder query = new StringBuilder();
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? "" : part.substring(0, eq).trim();
                if (raw.startsWith("#!::") ? key.equals("r") : resource == null && eq < 0) {
                    resource = eq < 0 ? part.trim() : part.substring(eq + 1).trim();
                } else if (key.equals("m") && !part.substring(eq + 1).trim().equals("publish")) {
                    return null; // a caller that wants to play: Osprey's SRT port takes publishers only
                } else if (eq > 0) {
                    query.append(query.isEmpty() ? "" : "&").append(part.trim());
                }
            }
            if (resource == null) {
                return null;
            }
            int slash = resource.indexOf('/');
            if (slash <= 0 || slash == resource.length() - 1 || resource.indexOf('/', slash + 1) >= 0) {
                return null;
            }
            return new SrtStreamId(resource.substring(0, slash), resource.substring(slash + 1),
                    StreamCredentials.fromQuery(query.toString()));
        }
    }
}
