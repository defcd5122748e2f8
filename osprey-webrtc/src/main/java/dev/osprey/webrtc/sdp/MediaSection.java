package dev.osprey.webrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One m= section with its typed attributes. Mutable: the parser fills it, negotiation code builds
 * answers and offers with it. List accessors return the live lists.
 * <p>
 * Invariant kept by the parser (and expected by the writer): every codec's payload type is one of
 * {@link #formats()}, and codecs are ordered as the formats list orders them.
 */
public final class MediaSection {

    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String APPLICATION = "application";
    public static final String PROTO_RTP = "UDP/TLS/RTP/SAVPF";
    public static final String PROTO_SCTP = "UDP/DTLS/SCTP";
    public static final String DATACHANNEL_FORMAT = "webrtc-datachannel";

    private String type;
    private int port;
    private Integer portCount;
    private String proto;
    private final List<String> formats = new ArrayList<>();
    private final List<SdpLine> extraLines = new ArrayList<>();
    private Connection connection;
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private RtcpAttribute rtcp;
    private final List<CandidateAttribute> candidates = new ArrayList<>();
    private boolean endOfCandidates;
    private String iceUfrag;
    private String icePwd;
    private final List<String> iceOptions = new ArrayList<>();
    private final List<Fingerprint> fingerprints = new ArrayList<>();
    private Setup setup;
    private String mid;
    private boolean bundleOnly;
    private final List<ExtMap> extMaps = new ArrayList<>();
    private Direction direction;
    private final List<Msid> msids = new ArrayList<>();
    private boolean rtcpMux;
    private boolean rtcpMuxOnly;
    private boolean rtcpRsize;
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<RtcpFeedback> wildcardFeedback = new ArrayList<>();
    private final List<RtpCodec> codecs = new ArrayList<>();
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private final List<SsrcAttribute> ssrcs = new ArrayList<>();
    private final List<Rid> rids = new ArrayList<>();
    private Simulcast simulcast;
    private Integer sctpPort;
    private Long maxMessageSize;

    public MediaSection(String type, int port, String proto) {
        this.type = type;
        this.port = port;
        this.proto = proto;
    }

    /** True for UDP/TLS/RTP/SAVPF and other RTP profiles, whose formats are payload types. */
    public boolean isRtp() {
        return proto.contains("RTP/");
    }

    /** Port 0 without bundle-only: the section is rejected or disabled (RFC 3264 §8.2, RFC 8843). */
    public boolean isRejected() {
        return port == 0 && !bundleOnly;
    }

    /** The codec for a payload type, or null. */
    public RtpCodec codec(int payloadType) {
        for (RtpCodec c : codecs) {
            if (c.payloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** The rtx codec whose apt points at {@code payloadType}, or null. */
    public RtpCodec rtxFor(int payloadType) {
        for (RtpCodec c : codecs) {
            if (c.isRtx() && c.associatedPayloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** Appends a codec and its payload type to the formats (if not listed yet). */
    public MediaSection addCodec(RtpCodec codec) {
        String pt = Integer.toString(codec.payloadType());
        if (!formats.contains(pt)) {
            formats.add(pt);
        }
        codecs.add(codec);
        return this;
    }

    /** Value of the first ssrc attribute with this name for this ssrc, or null. */
    public String ssrcAttribute(long ssrc, String attribute) {
        for (SsrcAttribute a : ssrcs) {
            if (a.ssrc() == ssrc && a.attribute().equals(attribute)) {
                return a.value();
            }
        }
        return null;
    }

    /** Distinct SSRCs of the a=ssrc lines, in first-seen order. */
    public List<Long> ssrcIds() {
        // A set, not List.contains: a hostile SDP may hold thousands of a=ssrc lines.
        Set<Long> out = new LinkedHashSet<>();
        for (SsrcAttribute a : ssrcs) {
            out.add(a.ssrc());
        }
        return new ArrayList<>(out);
    }

    /** The first extmap with this URI, or null. */
    public ExtMap extMap(String uri) {
        for (ExtMap e : extMaps) {
            if (e.uri().equals(uri)) {
                return e;
            }
        }
        return null;
    }

    /** The first unknown attribute with this name, or null. */
    public Attribute attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public String type() { return type; }
    public MediaSection setType(String type) { this.type = type; return this; }
    public int port() { return port; }
    public MediaSection setPort(int port) { this.port = port; return this; }
    /** The {@code /<n>} port count of the m= line, or null. */
    public Integer portCount() { return portCount; }
    public MediaSection setPortCount(Integer portCount) { this.portCount = portCount; return this; }
    public String proto() { return proto; }
    public MediaSection setProto(String proto) { this.proto = proto; return this; }
    public List<String> formats() { return formats; }
    public List<SdpLine> extraLines() { return extraLines; }
    public Connection connection() { return connection; }
    public MediaSection setConnection(Connection connection) { this.connection = connection; return this; }
    public List<Bandwidth> bandwidths() { return bandwidths; }
    public RtcpAttribute rtcp() { return rtcp; }
    public MediaSection setRtcp(RtcpAttribute rtcp) { this.rtcp = rtcp; return this; }
    public List<CandidateAttribute> candidates() { return candidates; }
    public boolean endOfCandidates() { return endOfCandidates; }
    public MediaSection setEndOfCandidates(boolean v) { this.endOfCandidates = v; return this; }
    public String iceUfrag() { return iceUfrag; }
    public MediaSection setIceUfrag(String iceUfrag) { this.iceUfrag = iceUfrag; return this; }
    public String icePwd() { return icePwd; }
    public MediaSection setIcePwd(String icePwd) { this.icePwd = icePwd; return this; }
    public List<String> iceOptions() { return iceOptions; }
    public List<Fingerprint> fingerprints() { return fingerprints; }
    public Setup setup() { return setup; }
    public MediaSection setSetup(Setup setup) { this.setup = setup; return this; }
    public String mid() { return mid; }
    public MediaSection setMid(String mid) { this.mid = mid; return this; }
    public boolean bundleOnly() { return bundleOnly; }
    public MediaSection setBundleOnly(boolean v) { this.bundleOnly = v; return this; }
    public List<ExtMap> extMaps() { return extMaps; }
    /** The explicit direction attribute, or null when absent (which means sendrecv). */
    public Direction direction() { return direction; }
    public MediaSection setDirection(Direction direction) { this.direction = direction; return this; }
    /** The direction in effect: the attribute, or sendrecv when absent. */
    public Direction effectiveDirection() { return direction == null ? Direction.SENDRECV : direction; }
    public List<Msid> msids() { return msids; }
    public boolean rtcpMux() { return rtcpMux; }
    public MediaSection setRtcpMux(boolean v) { this.rtcpMux = v; return this; }
    public boolean rtcpMuxOnly() { return rtcpMuxOnly; }
    public MediaSection setRtcpMuxOnly(boolean v) { this.rtcpMuxOnly = v; return this; }
    public boolean rtcpRsize() { return rtcpRsize; }
    public MediaSection setRtcpRsize(boolean v) { this.rtcpRsize = v; return this; }
    /** Attributes the model does not type, in their original order. */
    public List<Attribute> attributes() { return attributes; }
    /** a=rtcp-fb:* entries that apply to every payload type. */
    public List<RtcpFeedback> wildcardFeedback() { return wildcardFeedback; }
    public List<RtpCodec> codecs() { return codecs; }
    public List<SsrcGroup> ssrcGroups() { return ssrcGroups; }
    public List<SsrcAttribute> ssrcs() { return ssrcs; }
    public List<Rid> rids() { return rids; }
    public Simulcast simulcast() { return simulcast; }
    public MediaSection setSimulcast(Simulcast simulcast) { this.simulcast = simulcast; return this; }
    public Integer sctpPort() { return sctpPort; }
    public MediaSection setSctpPort(Integer sctpPort) { this.sctpPort = sctpPort; return this; }
    public Long maxMessageSize() { return maxMessageSize; }
    public MediaSection setMaxMessageSize(Long maxMessageSize) { this.maxMessageSize = maxMessageSize; return this; }

    private List<Object> state() {
        return java.util.Arrays.asList(type, port, portCount, proto, formats, extraLines, connection, bandwidths,
                rtcp, candidates, endOfCandidates, iceUfrag, icePwd, iceOptions, fingerprints, setup, mid,
                bundleOnly, extMaps, direction, msids, rtcpMux, rtcpMuxOnly, rtcpRsize, attributes,
                wildcardFeedback, codecs, ssrcGroups, ssrcs, rids, simulcast, sctpPort, maxMessageSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaSection other && state().equals(other.state());
    }

    @Override
    public int hashCode() {
        return state().hashCode();
    }

    @Override
    public String toString() {
        return "MediaSection[" + type + " " + port + " " + proto + " " + formats + " mid=" + mid + "]";
    }
}
