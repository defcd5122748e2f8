package dev.osprey.webrtc.sdp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link SessionDescription} as CRLF-terminated SDP. Lines appear in RFC 8866 order and
 * attributes in the order libwebrtc uses, so a parsed Chromium description writes back unchanged.
 * Untyped attributes go after rtcp-rsize (where libwebrtc puts e.g. a=rtcp-xr).
 */
public final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    public static String write(SessionDescription s) {
        StringBuilder sb = new StringBuilder(4096);
        line(sb, "v=0");
        line(sb, "o=" + s.origin().value());
        line(sb, "s=" + s.sessionName());
        extras(sb, s.extraLines(), "iuep");
        if (s.connection() != null) {
            line(sb, "c=" + s.connection().value());
        }
        bandwidths(sb, s.bandwidths());
        line(sb, "t=" + s.timing().start() + ' ' + s.timing().stop());
        extras(sb, s.extraLines(), "trzk");
        for (Group g : s.groups()) {
            attr(sb, "group", g.mids().isEmpty() ? g.semantics() : g.semantics() + ' ' + String.join(" ", g.mids()));
        }
        if (s.extmapAllowMixed()) {
            attr(sb, "extmap-allow-mixed", null);
        }
        if (s.msidSemantic() != null) {
            // libwebrtc writes a space after the colon; parsers accept both forms
            StringBuilder v = new StringBuilder(" ").append(s.msidSemantic().semantic());
            for (String id : s.msidSemantic().ids()) {
                v.append(' ').append(id);
            }
            attr(sb, "msid-semantic", v.toString());
        }
        if (s.iceLite()) {
            attr(sb, "ice-lite", null);
        }
        ice(sb, s.iceUfrag(), s.icePwd(), s.iceOptions());
        for (Fingerprint f : s.fingerprints()) {
            attr(sb, "fingerprint", f.algorithm() + ' ' + f.hex());
        }
        if (s.setup() != null) {
            attr(sb, "setup", s.setup().sdpName());
        }
        for (Attribute a : s.attributes()) {
            line(sb, "a=" + a.text());
        }
        for (MediaSection m : s.media()) {
            media(sb, m);
        }
        return sb.toString();
    }

    public static byte[] writeBytes(SessionDescription s) {
        return write(s).getBytes(StandardCharsets.UTF_8);
    }

    private static void media(StringBuilder sb, MediaSection m) {
        sb.append("m=").append(m.type()).append(' ').append(m.port());
        if (m.portCount() != null) {
            sb.append('/').append(m.portCount());
        }
        sb.append(' ').append(m.proto());
        for (String f : m.formats()) {
            sb.append(' ').append(f);
        }
        sb.append(CRLF);
        extras(sb, m.extraLines(), "i");
        if (m.connection() != null) {
            line(sb, "c=" + m.connection().value());
        }
        bandwidths(sb, m.bandwidths());
        extras(sb, m.extraLines(), "k");
        if (m.rtcp() != null) {
            attr(sb, "rtcp", m.rtcp().value());
        }
        for (CandidateAttribute c : m.candidates()) {
            attr(sb, "candidate", c.value());
        }
        if (m.endOfCandidates()) {
            attr(sb, "end-of-candidates", null);
        }
        ice(sb, m.iceUfrag(), m.icePwd(), m.iceOptions());
        for (Fingerprint f : m.fingerprints()) {
            attr(sb, "fingerprint", f.algorithm() + ' ' + f.hex());
        }
        if (m.setup() != null) {
            attr(sb, "setup", m.setup().sdpName());
        }
        if (m.mid() != null) {
            attr(sb, "mid", m.mid());
        }
        if (m.bundleOnly()) {
            attr(sb, "bundle-only", null);
        }
        for (ExtMap e : m.extMaps()) {
            attr(sb, "extmap", e.value());
        }
        if (m.direction() != null) {
            attr(sb, m.direction().sdpName(), null);
        }
        for (Msid msid : m.msids()) {
            attr(sb, "msid", msid.value());
        }
        if (m.rtcpMux()) {
            attr(sb, "rtcp-mux", null);
        }
        if (m.rtcpMuxOnly()) {
            attr(sb, "rtcp-mux-only", null);
        }
        if (m.rtcpRsize()) {
            attr(sb, "rtcp-rsize", null);
        }
        for (Attribute a : m.attributes()) {
            line(sb, "a=" + a.text());
        }
        for (RtcpFeedback fb : m.wildcardFeedback()) {
            attr(sb, "rtcp-fb", "* " + fb.text());
        }
        for (RtpCodec c : m.codecs()) {
            codec(sb, c);
        }
        for (SsrcGroup g : m.ssrcGroups()) {
            StringBuilder v = new StringBuilder(g.semantics());
            for (long ssrc : g.ssrcs()) {
                v.append(' ').append(ssrc);
            }
            attr(sb, "ssrc-group", v.toString());
        }
        for (SsrcAttribute a : m.ssrcs()) {
            attr(sb, "ssrc", a.text());
        }
        for (Rid r : m.rids()) {
            attr(sb, "rid", r.value());
        }
        if (m.simulcast() != null) {
            attr(sb, "simulcast", m.simulcast().value());
        }
        if (m.sctpPort() != null) {
            attr(sb, "sctp-port", m.sctpPort().toString());
        }
        if (m.maxMessageSize() != null) {
            attr(sb, "max-message-size", m.maxMessageSize().toString());
        }
    }

    private static void codec(StringBuilder sb, RtpCodec c) {
        String pt = Integer.toString(c.payloadType());
        String map = c.rtpmapValue();
        if (map != null) {
            attr(sb, "rtpmap", pt + ' ' + map);
        }
        for (RtcpFeedback fb : c.feedback()) {
            attr(sb, "rtcp-fb", pt + ' ' + fb.text());
        }
        String fmtp = c.fmtpValue();
        if (fmtp != null) {
            attr(sb, "fmtp", pt + ' ' + fmtp);
        }
    }

    private static void ice(StringBuilder sb, String ufrag, String pwd, List<String> options) {
        if (ufrag != null) {
            attr(sb, "ice-ufrag", ufrag);
        }
        if (pwd != null) {
            attr(sb, "ice-pwd", pwd);
        }
        if (!options.isEmpty()) {
            attr(sb, "ice-options", String.join(" ", options));
        }
    }

    private static void bandwidths(StringBuilder sb, List<Bandwidth> list) {
        for (Bandwidth b : list) {
            line(sb, "b=" + b.type() + ':' + b.value());
        }
    }

    private static void extras(StringBuilder sb, List<SdpLine> lines, String types) {
        for (SdpLine l : lines) {
            if (types.indexOf(l.type()) >= 0) {
                sb.append(l.type()).append('=').append(l.value()).append(CRLF);
            }
        }
    }

    private static void attr(StringBuilder sb, String name, String value) {
        sb.append("a=").append(name);
        if (value != null) {
            sb.append(':').append(value);
        }
        sb.append(CRLF);
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append(CRLF);
    }
}
