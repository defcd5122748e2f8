package dev.osprey.webrtc.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole SDP (RFC 8866) with the session-level attributes WebRTC uses typed. Mutable; list
 * accessors return the live lists. Parse with {@link SdpParser}, write with {@link SdpWriter}.
 */
public final class SessionDescription {

    private Origin origin;
    private String sessionName = "-";
    private Timing timing = Timing.UNBOUNDED;
    private final List<SdpLine> extraLines = new ArrayList<>();
    private Connection connection;
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();
    private boolean extmapAllowMixed;
    private MsidSemantic msidSemantic;
    private boolean iceLite;
    private String iceUfrag;
    private String icePwd;
    private final List<String> iceOptions = new ArrayList<>();
    private final List<Fingerprint> fingerprints = new ArrayList<>();
    private Setup setup;
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<MediaSection> media = new ArrayList<>();

    public SessionDescription(Origin origin) {
        this.origin = java.util.Objects.requireNonNull(origin, "origin");
    }

    /** The first a=group:BUNDLE, or null. */
    public Group bundleGroup() {
        for (Group g : groups) {
            if (g.semantics().equals(Group.BUNDLE)) {
                return g;
            }
        }
        return null;
    }

    /** The media section with this mid, or null. */
    public MediaSection mediaByMid(String mid) {
        for (MediaSection m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }

    /** ice-ufrag of the section, falling back to the session level (RFC 8839 §5.4). */
    public String iceUfragFor(MediaSection m) {
        return m.iceUfrag() != null ? m.iceUfrag() : iceUfrag;
    }

    public String icePwdFor(MediaSection m) {
        return m.icePwd() != null ? m.icePwd() : icePwd;
    }

    public List<String> iceOptionsFor(MediaSection m) {
        return m.iceOptions().isEmpty() ? iceOptions : m.iceOptions();
    }

    public List<Fingerprint> fingerprintsFor(MediaSection m) {
        return m.fingerprints().isEmpty() ? fingerprints : m.fingerprints();
    }

    public Setup setupFor(MediaSection m) {
        return m.setup() != null ? m.setup() : setup;
    }

    public Connection connectionFor(MediaSection m) {
        return m.connection() != null ? m.connection() : connection;
    }

    public Origin origin() { return origin; }
    public SessionDescription setOrigin(Origin origin) { this.origin = java.util.Objects.requireNonNull(origin); return this; }
    public String sessionName() { return sessionName; }
    public SessionDescription setSessionName(String sessionName) { this.sessionName = sessionName; return this; }
    public Timing timing() { return timing; }
    public SessionDescription setTiming(Timing timing) { this.timing = timing; return this; }
    /** Untyped session lines (i=, u=, e=, p=, r=, z=, k=, extra t=). */
    public List<SdpLine> extraLines() { return extraLines; }
    public Connection connection() { return connection; }
    public SessionDescription setConnection(Connection connection) { this.connection = connection; return this; }
    public List<Bandwidth> bandwidths() { return bandwidths; }
    public List<Group> groups() { return groups; }
    public boolean extmapAllowMixed() { return extmapAllowMixed; }
    public SessionDescription setExtmapAllowMixed(boolean v) { this.extmapAllowMixed = v; return this; }
    public MsidSemantic msidSemantic() { return msidSemantic; }
    public SessionDescription setMsidSemantic(MsidSemantic v) { this.msidSemantic = v; return this; }
    public boolean iceLite() { return iceLite; }
    public SessionDescription setIceLite(boolean iceLite) { this.iceLite = iceLite; return this; }
    public String iceUfrag() { return iceUfrag; }
    public SessionDescription setIceUfrag(String iceUfrag) { this.iceUfrag = iceUfrag; return this; }
    public String icePwd() { return icePwd; }
    public SessionDescription setIcePwd(String icePwd) { this.icePwd = icePwd; return this; }
    public List<String> iceOptions() { return iceOptions; }
    public List<Fingerprint> fingerprints() { return fingerprints; }
    public Setup setup() { return setup; }
    public SessionDescription setSetup(Setup setup) { this.setup = setup; return this; }
    /** Session attributes the model does not type, in their original order. */
    public List<Attribute> attributes() { return attributes; }
    public List<MediaSection> media() { return media; }

    private List<Object> state() {
        return Arrays.asList(origin, sessionName, timing, extraLines, connection, bandwidths, groups,
                extmapAllowMixed, msidSemantic, iceLite, iceUfrag, icePwd, iceOptions, fingerprints, setup,
                attributes, media);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionDescription other && state().equals(other.state());
    }

    @Override
    public int hashCode() {
        return state().hashCode();
    }

    @Override
    public String toString() {
        return SdpWriter.write(this);
    }
}
