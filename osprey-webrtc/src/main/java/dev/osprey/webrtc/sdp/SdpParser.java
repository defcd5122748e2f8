package dev.osprey.webrtc.sdp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses SDP (RFC 8866) as browsers and WebRTC stacks send it into a {@link SessionDescription}.
 * <p>
 * Tolerant where real peers differ: CRLF or LF line endings, blank lines, trailing whitespace,
 * any attribute order, fmtp before rtpmap, unknown attributes (kept in order). Strict where input
 * is malformed: every such problem, and any input beyond {@link SdpLimits}, raises
 * {@link SdpParseException} with the line number; no other exception escapes for bad input.
 * <p>
 * Decisions: an a=rtpmap / a=fmtp / a=rtcp-fb for a payload type the m= line does not list is
 * tolerated and kept as an unknown attribute (it does not become a codec). Unknown line types
 * are rejected, as RFC 8866 §5 requires. Single-valued attributes (mid, setup, direction,
 * ice-ufrag, ...) given twice in one section are rejected.
 */
public final class SdpParser {

    private static final Pattern SPACES = Pattern.compile("[ \t]+");
    private static final long MAX_MESSAGE_SIZE = 1L << 53;

    private final SdpLimits limits;

    public SdpParser(SdpLimits limits) {
        this.limits = limits;
    }

    /** Parses with {@link SdpLimits#DEFAULT}. */
    public static SessionDescription parse(String sdp) {
        return new SdpParser(SdpLimits.DEFAULT).parseText(sdp);
    }

    /** Parses UTF-8 bytes with {@link SdpLimits#DEFAULT}. */
    public static SessionDescription parse(byte[] sdp) {
        return new SdpParser(SdpLimits.DEFAULT).parseBytes(sdp, 0, sdp.length);
    }

    public SessionDescription parseBytes(byte[] data, int offset, int length) {
        if (data == null) {
            throw new SdpParseException(0, "no SDP given");
        }
        if (length > limits.maxSize()) {
            throw new SdpParseException(0, "SDP of " + length + " bytes exceeds the limit of " + limits.maxSize());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new SdpParseException(0, "SDP is not valid UTF-8");
        }
        return parseText(text);
    }

    public SessionDescription parseText(String sdp) {
        if (sdp == null) {
            throw new SdpParseException(0, "no SDP given");
        }
        if (sdp.length() > limits.maxSize()) {
            throw new SdpParseException(0, "SDP of " + sdp.length() + " characters exceeds the limit of " + limits.maxSize());
        }
        return new Run().parse(sdp);
    }

    /** Per-codec lines gathered until the section ends (fmtp may precede rtpmap). */
    private static final class CodecDraft {
        String name;
        int clockRate;
        Integer channels;
        boolean hasFmtp;
        final Map<String, String> parameters = new LinkedHashMap<>();
        final List<RtcpFeedback> feedback = new ArrayList<>();
    }

    /** State of one parse. */
    private final class Run {
        private int lineNo;
        private boolean sawVersion;
        private Origin origin;
        private String sessionName;
        private Timing timing;
        private SessionDescription session;
        private final Set<String> sessionSeen = new HashSet<>();
        private MediaSection media;
        private Set<String> mediaSeen;
        private Set<Integer> formatPts;
        private Map<Integer, CodecDraft> drafts;
        // Session lines are collected before the SessionDescription exists (it needs the origin).
        private Connection sessionConnection;
        private final List<Bandwidth> sessionBandwidths = new ArrayList<>();
        private final List<SdpLine> sessionExtras = new ArrayList<>();
        private final List<String[]> pendingSessionAttributes = new ArrayList<>();
        private final List<Integer> pendingSessionAttributeLines = new ArrayList<>();

        SessionDescription parse(String text) {
            int pos = 0;
            int n = text.length();
            while (pos <= n) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                if (nl < 0 && pos == n) {
                    break; // nothing after the final line ending
                }
                lineNo++;
                if (lineNo > limits.maxLines()) {
                    throw error("more than " + limits.maxLines() + " lines");
                }
                int e = end;
                if (e > pos && text.charAt(e - 1) == '\r') {
                    e--;
                }
                while (e > pos && (text.charAt(e - 1) == ' ' || text.charAt(e - 1) == '\t')) {
                    e--;
                }
                if (e - pos > limits.maxLineLength()) {
                    throw error("line longer than " + limits.maxLineLength() + " characters");
                }
                for (int i = pos; i < e; i++) {
                    char c = text.charAt(i);
                    if ((c < 0x20 && c != '\t') || c == 0x7f) {
                        throw error("control character 0x" + Integer.toHexString(c) + " in line");
                    }
                }
                if (e > pos) {
                    line(text.substring(pos, e));
                }
                if (nl < 0) {
                    break;
                }
                pos = nl + 1;
            }
            if (!sawVersion) {
                throw new SdpParseException(0, "empty SDP: missing v= line");
            }
            ensureSession();
            finishMedia();
            return session;
        }

        private void line(String line) {
            char type = line.charAt(0);
            if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
                throw error("expected <letter>=<value> but got '" + excerpt(line) + "'");
            }
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v') {
                    throw error("SDP must start with v=0, got '" + excerpt(line) + "'");
                }
                if (!value.equals("0")) {
                    throw error("unsupported SDP version '" + excerpt(value) + "'");
                }
                sawVersion = true;
                return;
            }
            if (type == 'm') {
                startMedia(value);
            } else if (media == null) {
                sessionLine(type, value);
            } else {
                mediaLine(type, value);
            }
        }

        private void sessionLine(char type, String value) {
            switch (type) {
                case 'v' -> throw error("duplicate v= line");
                case 'o' -> {
                    once(sessionSeen, "o=");
                    origin = origin(value);
                }
                case 's' -> {
                    once(sessionSeen, "s=");
                    sessionName = value;
                }
                case 't' -> {
                    if (timing == null) {
                        timing = timing(value);
                    } else {
                        timing(value);
                        sessionExtras.add(new SdpLine('t', value));
                    }
                }
                case 'c' -> {
                    once(sessionSeen, "c=");
                    sessionConnection = connection(value, "c=");
                }
                case 'b' -> sessionBandwidths.add(bandwidth(value));
                case 'i', 'u', 'e', 'p', 'r', 'z', 'k' -> sessionExtras.add(new SdpLine(type, value));
                case 'a' -> {
                    String[] nv = splitAttribute(value);
                    pendingSessionAttributes.add(nv);
                    pendingSessionAttributeLines.add(lineNo);
                }
                default -> throw error("unknown line type '" + type + "='");
            }
        }

        /** Builds the session once o=, s= and t= are known; session attributes are applied then. */
        private void ensureSession() {
            if (session != null) {
                return;
            }
            if (origin == null) {
                throw error("missing o= line before media or end of SDP");
            }
            if (sessionName == null) {
                throw error("missing s= line before media or end of SDP");
            }
            if (timing == null) {
                throw error("missing t= line before media or end of SDP");
            }
            session = new SessionDescription(origin).setSessionName(sessionName).setTiming(timing)
                    .setConnection(sessionConnection);
            session.bandwidths().addAll(sessionBandwidths);
            session.extraLines().addAll(ordered(sessionExtras, "iuep", "trzk"));
            int saved = lineNo;
            for (int i = 0; i < pendingSessionAttributes.size(); i++) {
                lineNo = pendingSessionAttributeLines.get(i);
                String[] nv = pendingSessionAttributes.get(i);
                sessionAttribute(nv[0], nv[1]);
            }
            lineNo = saved;
        }

        private void sessionAttribute(String name, String value) {
            SessionDescription s = session;
            switch (name) {
                case "group" -> {
                    String[] t = tokens(required(name, value));
                    s.groups().add(new Group(t[0], List.of(t).subList(1, t.length)));
                }
                case "extmap-allow-mixed" -> s.setExtmapAllowMixed(flag(name, value));
                case "msid-semantic" -> {
                    String[] t = tokens(required(name, value));
                    once(sessionSeen, name);
                    s.setMsidSemantic(new MsidSemantic(t[0], List.of(t).subList(1, t.length)));
                }
                case "ice-lite" -> s.setIceLite(flag(name, value));
                case "ice-ufrag" -> s.setIceUfrag(singleToken(sessionSeen, name, value));
                case "ice-pwd" -> s.setIcePwd(singleToken(sessionSeen, name, value));
                case "ice-options" -> {
                    once(sessionSeen, name);
                    s.iceOptions().addAll(List.of(tokens(required(name, value))));
                }
                case "fingerprint" -> s.fingerprints().add(fingerprint(value));
                case "setup" -> {
                    once(sessionSeen, name);
                    s.setSetup(setup(value));
                }
                default -> s.attributes().add(new Attribute(name, value));
            }
        }

        private void startMedia(String value) {
            ensureSession();
            finishMedia();
            if (session.media().size() >= limits.maxMediaSections()) {
                throw error("more than " + limits.maxMediaSections() + " media sections");
            }
            String[] t = tokens(value);
            if (t.length < 4) {
                throw error("bad m= line: expected '<media> <port> <proto> <format>...' but got '" + excerpt(value) + "'");
            }
            String portText = t[1];
            Integer portCount = null;
            int slash = portText.indexOf('/');
            if (slash >= 0) {
                portCount = (int) number(portText.substring(slash + 1), 1, 65535, "m= port count");
                portText = portText.substring(0, slash);
            }
            int port = (int) number(portText, 0, 65535, "m= port");
            checkToken(t[0], "media type");
            checkToken(t[2], "transport protocol");
            media = new MediaSection(t[0], port, t[2]).setPortCount(portCount);
            mediaSeen = new HashSet<>();
            drafts = new LinkedHashMap<>();
            formatPts = new HashSet<>();
            for (int i = 3; i < t.length; i++) {
                if (media.isRtp()) {
                    int pt = (int) number(t[i], 0, 127, "payload type in m= line");
                    if (!formatPts.add(pt)) {
                        throw error("payload type " + pt + " listed twice in m= line");
                    }
                    media.formats().add(Integer.toString(pt));
                } else {
                    media.formats().add(t[i]);
                }
            }
            session.media().add(media);
        }

        private void finishMedia() {
            if (media == null) {
                return;
            }
            for (String f : media.formats()) {
                CodecDraft d = media.isRtp() ? drafts.get(Integer.parseInt(f)) : null;
                // A bare "a=fmtp:96" with no parameters carries nothing and would not survive a rewrite.
                boolean empty = d != null && d.name == null && d.parameters.isEmpty() && d.feedback.isEmpty();
                if (d != null && !empty) {
                    media.codecs().add(new RtpCodec(Integer.parseInt(f), d.name, d.clockRate, d.channels,
                            d.parameters, d.feedback));
                }
            }
            List<SdpLine> extras = ordered(media.extraLines(), "i", "k");
            media.extraLines().clear();
            media.extraLines().addAll(extras);
            media = null;
        }

        private void mediaLine(char type, String value) {
            switch (type) {
                case 'c' -> {
                    once(mediaSeen, "c=");
                    media.setConnection(connection(value, "c="));
                }
                case 'b' -> media.bandwidths().add(bandwidth(value));
                case 'i', 'k' -> media.extraLines().add(new SdpLine(type, value));
                case 'a' -> {
                    String[] nv = splitAttribute(value);
                    mediaAttribute(nv[0], nv[1]);
                }
                default -> throw error("'" + type + "=' line is not allowed inside a media section");
            }
        }

        private void mediaAttribute(String name, String value) {
            MediaSection m = media;
            switch (name) {
                case "rtcp" -> {
                    once(mediaSeen, name);
                    String[] t = tokens(required(name, value));
                    if (t.length != 1 && t.length != 4) {
                        throw error("bad a=rtcp: expected '<port> [IN <addrtype> <address>]'");
                    }
                    int port = (int) number(t[0], 0, 65535, "rtcp port");
                    m.setRtcp(new RtcpAttribute(port, t.length == 4 ? new Connection(t[1], t[2], t[3]) : null));
                }
                case "candidate" -> {
                    String v = required(name, value);
                    SdpCandidate typed = SdpCandidate.tryParse(v);
                    m.candidates().add(typed != null ? typed : new RawCandidate(v));
                }
                case "end-of-candidates" -> m.setEndOfCandidates(flag(name, value));
                case "ice-ufrag" -> m.setIceUfrag(singleToken(mediaSeen, name, value));
                case "ice-pwd" -> m.setIcePwd(singleToken(mediaSeen, name, value));
                case "ice-options" -> {
                    once(mediaSeen, name);
                    m.iceOptions().addAll(List.of(tokens(required(name, value))));
                }
                case "fingerprint" -> m.fingerprints().add(fingerprint(value));
                case "setup" -> {
                    once(mediaSeen, name);
                    m.setSetup(setup(value));
                }
                case "mid" -> m.setMid(singleToken(mediaSeen, name, value));
                case "bundle-only" -> m.setBundleOnly(flag(name, value));
                case "extmap" -> m.extMaps().add(extmap(value));
                case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                    flag(name, value);
                    if (!mediaSeen.add("direction")) {
                        throw error("more than one direction attribute in media section");
                    }
                    m.setDirection(Direction.fromSdp(name));
                }
                case "msid" -> {
                    String[] t = tokens(required(name, value));
                    if (t.length > 2) {
                        throw error("bad a=msid: expected '<stream id> [<track id>]'");
                    }
                    m.msids().add(new Msid(t[0], t.length == 2 ? t[1] : null));
                }
                case "rtcp-mux" -> m.setRtcpMux(flag(name, value));
                case "rtcp-mux-only" -> m.setRtcpMuxOnly(flag(name, value));
                case "rtcp-rsize" -> m.setRtcpRsize(flag(name, value));
                case "rtpmap", "fmtp", "rtcp-fb" -> {
                    if (m.isRtp()) {
                        codecAttribute(name, required(name, value));
                    } else {
                        m.attributes().add(new Attribute(name, value));
                    }
                }
                case "ssrc" -> m.ssrcs().add(ssrc(required(name, value)));
                case "ssrc-group" -> {
                    String[] t = tokens(required(name, value));
                    if (t.length < 2) {
                        throw error("bad a=ssrc-group: expected '<semantics> <ssrc>...'");
                    }
                    List<Long> ssrcs = new ArrayList<>(t.length - 1);
                    for (int i = 1; i < t.length; i++) {
                        ssrcs.add(number(t[i], 0, 0xFFFF_FFFFL, "ssrc"));
                    }
                    m.ssrcGroups().add(new SsrcGroup(t[0], ssrcs));
                }
                case "rid" -> m.rids().add(rid(required(name, value)));
                case "simulcast" -> {
                    once(mediaSeen, name);
                    m.setSimulcast(simulcast(required(name, value)));
                }
                case "sctp-port" -> {
                    once(mediaSeen, name);
                    m.setSctpPort((int) number(required(name, value), 0, 65535, "sctp-port"));
                }
                case "max-message-size" -> {
                    once(mediaSeen, name);
                    m.setMaxMessageSize(number(required(name, value), 0, MAX_MESSAGE_SIZE, "max-message-size"));
                }
                default -> m.attributes().add(new Attribute(name, value));
            }
        }

        private void codecAttribute(String name, String value) {
            String[] pv = SPACES.split(value, 2);
            if (name.equals("rtcp-fb") && pv[0].equals("*")) {
                media.wildcardFeedback().add(feedback(pv));
                return;
            }
            int pt = (int) number(pv[0], 0, 127, "payload type in a=" + name);
            if (!formatPts.contains(pt)) {
                // Tolerated: not a codec of this section, but kept so nothing is lost.
                media.attributes().add(new Attribute(name, value));
                return;
            }
            CodecDraft d = drafts.computeIfAbsent(pt, k -> new CodecDraft());
            switch (name) {
                case "rtpmap" -> {
                    if (d.name != null) {
                        throw error("second a=rtpmap for payload type " + pt);
                    }
                    if (pv.length < 2) {
                        throw error("bad a=rtpmap: expected '<pt> <name>/<clock rate>[/<channels>]'");
                    }
                    String[] enc = pv[1].split("/", -1);
                    if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
                        throw error("bad a=rtpmap: expected '<pt> <name>/<clock rate>[/<channels>]' but got '"
                                + excerpt(value) + "'");
                    }
                    checkToken(enc[0], "encoding name");
                    d.clockRate = (int) number(enc[1], 1, 1_000_000_000, "clock rate");
                    d.channels = enc.length == 3 ? (int) number(enc[2], 1, 255, "channel count") : null;
                    d.name = enc[0];
                }
                case "fmtp" -> {
                    if (d.hasFmtp) {
                        throw error("second a=fmtp for payload type " + pt);
                    }
                    d.hasFmtp = true;
                    if (pv.length == 2) {
                        for (String p : pv[1].split(";")) {
                            String param = p.trim();
                            if (param.isEmpty()) {
                                continue;
                            }
                            int eq = param.indexOf('=');
                            String key = (eq < 0 ? param : param.substring(0, eq)).trim();
                            if (key.isEmpty()) {
                                throw error("bad a=fmtp parameter '" + excerpt(param) + "'");
                            }
                            d.parameters.put(key, eq < 0 ? null : param.substring(eq + 1).trim());
                        }
                    }
                }
                default -> d.feedback.add(feedback(pv));
            }
        }

        private RtcpFeedback feedback(String[] pv) {
            if (pv.length < 2) {
                throw error("bad a=rtcp-fb: expected '<pt> <type> [<parameter>]'");
            }
            String[] tp = SPACES.split(pv[1], 2);
            return new RtcpFeedback(tp[0], tp.length == 2 ? tp[1] : null);
        }

        private SsrcAttribute ssrc(String value) {
            String[] pv = SPACES.split(value, 2);
            if (pv.length < 2) {
                throw error("bad a=ssrc: expected '<ssrc> <attribute>[:<value>]'");
            }
            long ssrc = number(pv[0], 0, 0xFFFF_FFFFL, "ssrc");
            int colon = pv[1].indexOf(':');
            String attr = colon < 0 ? pv[1] : pv[1].substring(0, colon);
            if (attr.isEmpty()) {
                throw error("bad a=ssrc: empty attribute name");
            }
            checkToken(attr, "ssrc attribute name");
            return new SsrcAttribute(ssrc, attr, colon < 0 ? null : pv[1].substring(colon + 1));
        }

        private Rid rid(String value) {
            String[] t = SPACES.split(value, 3);
            if (t.length < 2 || !(t[1].equals("send") || t[1].equals("recv"))) {
                throw error("bad a=rid: expected '<id> send|recv [<restrictions>]'");
            }
            checkToken(t[0], "rid id");
            return new Rid(t[0], t[1].equals("send") ? Direction.SENDONLY : Direction.RECVONLY,
                    t.length == 3 ? t[2] : null);
        }

        private Simulcast simulcast(String value) {
            String[] t = tokens(value);
            if (t.length != 2 && t.length != 4) {
                throw error("bad a=simulcast: expected 'send|recv <streams> [send|recv <streams>]'");
            }
            String send = null;
            String recv = null;
            for (int i = 0; i < t.length; i += 2) {
                if (t[i].equals("send") && send == null) {
                    send = t[i + 1];
                } else if (t[i].equals("recv") && recv == null) {
                    recv = t[i + 1];
                } else {
                    throw error("bad a=simulcast direction '" + excerpt(t[i]) + "'");
                }
            }
            return new Simulcast(send, recv);
        }

        private ExtMap extmap(String value) {
            String[] t = SPACES.split(required("extmap", value), 3);
            if (t.length < 2) {
                throw error("bad a=extmap: expected '<id>[/<direction>] <uri> [<attributes>]'");
            }
            String idText = t[0];
            Direction dir = null;
            int slash = idText.indexOf('/');
            if (slash >= 0) {
                dir = Direction.fromSdp(idText.substring(slash + 1));
                if (dir == null) {
                    throw error("bad a=extmap direction '" + excerpt(idText.substring(slash + 1)) + "'");
                }
                idText = idText.substring(0, slash);
            }
            int id = (int) number(idText, 1, 4351, "extmap id");
            return new ExtMap(id, dir, t[1], t.length == 3 ? t[2] : null);
        }

        private Fingerprint fingerprint(String value) {
            String[] t = tokens(required("fingerprint", value));
            if (t.length != 2 || t[0].length() > 16 || !t[0].matches("[A-Za-z0-9-]+")) {
                throw error("bad a=fingerprint: expected '<hash algorithm> <hex:hex:...>'");
            }
            String hex = t[1];
            boolean ok = hex.length() >= 2 && hex.length() <= 64 * 3 - 1 && (hex.length() + 1) % 3 == 0;
            for (int i = 0; ok && i < hex.length(); i++) {
                char c = hex.charAt(i);
                ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0;
            }
            if (!ok) {
                throw error("bad a=fingerprint digest: expected colon-separated hex bytes");
            }
            return new Fingerprint(t[0], hex);
        }

        private Setup setup(String value) {
            Setup s = Setup.fromSdp(required("setup", value));
            if (s == null) {
                throw error("bad a=setup value '" + excerpt(value) + "': expected actpass, active, passive or holdconn");
            }
            return s;
        }

        private Origin origin(String value) {
            String[] t = tokens(value);
            if (t.length != 6) {
                throw error("bad o= line: expected '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>'");
            }
            if (t[1].length() > 64 || !t[1].chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw error("bad o= session id '" + excerpt(t[1]) + "': expected digits");
            }
            long version = number(t[2], 0, Long.MAX_VALUE, "o= session version");
            return new Origin(t[0], t[1], version, t[3], t[4], t[5]);
        }

        private Timing timing(String value) {
            String[] t = tokens(value);
            if (t.length != 2) {
                throw error("bad t= line: expected '<start> <stop>'");
            }
            return new Timing(number(t[0], 0, Long.MAX_VALUE, "t= start"), number(t[1], 0, Long.MAX_VALUE, "t= stop"));
        }

        private Connection connection(String value, String what) {
            String[] t = tokens(value);
            if (t.length != 3) {
                throw error("bad " + what + " line: expected '<nettype> <addrtype> <address>'");
            }
            return new Connection(t[0], t[1], t[2]);
        }

        private Bandwidth bandwidth(String value) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw error("bad b= line: expected '<type>:<bandwidth>'");
            }
            String type = value.substring(0, colon);
            checkToken(type, "bandwidth type");
            return new Bandwidth(type, number(value.substring(colon + 1), 0, Long.MAX_VALUE, "bandwidth"));
        }

        private String[] splitAttribute(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            if (name.isEmpty()) {
                throw error("empty attribute name");
            }
            checkToken(name, "attribute name");
            return new String[] {name, colon < 0 ? null : value.substring(colon + 1)};
        }

        private boolean flag(String name, String value) {
            if (value != null) {
                throw error("a=" + name + " takes no value");
            }
            return true;
        }

        private String required(String name, String value) {
            if (value == null || value.isBlank()) {
                throw error("a=" + name + " needs a value");
            }
            return value;
        }

        private String singleToken(Set<String> seen, String name, String value) {
            once(seen, name);
            String[] t = tokens(required(name, value));
            if (t.length != 1) {
                throw error("a=" + name + " must be a single token");
            }
            return t[0];
        }

        private void once(Set<String> seen, String name) {
            if (!seen.add(name)) {
                throw error("duplicate " + (name.endsWith("=") ? name : "a=" + name));
            }
        }

        private String[] tokens(String value) {
            String trimmed = value.strip();
            if (trimmed.isEmpty()) {
                throw error("missing value");
            }
            return SPACES.split(trimmed);
        }

        private void checkToken(String token, String what) {
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`{|}~/".indexOf(c) >= 0;
                if (!ok) {
                    throw error("invalid character in " + what + " '" + excerpt(token) + "'");
                }
            }
        }

        private long number(String s, long min, long max, String what) {
            boolean digits = !s.isEmpty() && s.length() <= 18;
            for (int i = 0; digits && i < s.length(); i++) {
                digits = s.charAt(i) >= '0' && s.charAt(i) <= '9';
            }
            if (!digits) {
                throw error("non-numeric " + what + " '" + excerpt(s) + "'");
            }
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw error(what + " " + v + " out of range " + min + ".." + max);
            }
            return v;
        }

        private SdpParseException error(String reason) {
            return new SdpParseException(lineNo, reason);
        }
    }

    /** Stable regrouping so lines come out in the order the writer emits them. */
    private static List<SdpLine> ordered(List<SdpLine> lines, String first, String second) {
        List<SdpLine> out = new ArrayList<>(lines.size());
        for (String group : new String[] {first, second}) {
            for (SdpLine l : lines) {
                if (group.indexOf(l.type()) >= 0) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static String excerpt(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
