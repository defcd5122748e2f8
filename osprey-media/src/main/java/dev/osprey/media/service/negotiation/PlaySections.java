package dev.osprey.media.service.negotiation;

import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.TransportSdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The m-lines of a single-stream viewer's connection and what its answers made of them.
 *
 * <p>The first offer has one sendonly section per active published track (mids "0", "1", ...) with the
 * publisher's codec, payload type and fmtp, its rtx when the publisher has one, fresh SSRCs, and the
 * header extensions the forwarding keeps (audio level, abs-send-time, which Chromium's receive-side
 * estimator needs for REMB). Track ids follow Ant Media: {@code ARDAMSv<streamId>}, {@code ARDAMSa<streamId>}.
 * With data channels an {@code m=application} section follows the tracks (its mid is the next number;
 * it is not in {@code idMapping}); a data-only stream has only that.
 *
 * <p>When the publisher renegotiates ({@link #follow}), re-offers keep every m-line where it was with its
 * mid: a track added (or re-activated without a section yet) gets a new section appended after all
 * others, a track the publisher stopped sending turns its section {@code inactive}, and one it sends
 * again turns it sendonly again with the same SSRCs. A section an answer rejected stays at port 0.
 *
 * <p>A section is forwarded once the viewer answered an offer that carried it (the browser then knows
 * its SSRCs), under the payload types the answer gave its codec (the viewer may renumber; when the
 * answer lists the codec differently the offered numbers stay), and stops at once when the publisher
 * stops the track. Media loop only (the first offer is built before the session reaches the loop).
 */
public final class PlaySections implements ViewerTracks {

    /** One audio or video m-line: publisher track {@code track} sent as {@code send}. */
    private static final class Section {
        private final int track;
        private final SendTrack send;
        /** The publisher sends the track now. */
        private boolean active;
        /** In the last offer sent, and active there. */
        private boolean offered;
        private boolean offeredActive;
        /** Active in the last offer the viewer answered. */
        private boolean answeredActive;
        private boolean rejected;
        /** What the viewer receives, fixed by the first answer that accepted the section; null before. */
        private ViewerTrackDescription accepted;

        Section(int track, SendTrack send) {
            this.track = track;
            this.send = send;
            this.active = true;
        }

        int track() {
            return track;
        }

        SendTrack send() {
            return send;
        }

        boolean rejected() {
            return rejected;
        }

        /** What the viewer receives, null before an answer accepted the section. */
        ViewerTrackDescription accepted() {
            return accepted;
        }

        /** The publisher started or stopped the track; true when the next offer must differ. */
        boolean follow(boolean sending) {
            if (active == sending) {
                return false;
            }
            active = sending;
            return !rejected; // a rejected section stays at port 0 either way
        }

        /** The section is in the offer going out; true when it is active there. */
        boolean markOffered() {
            offered = true;
            offeredActive = active && !rejected;
            return offeredActive;
        }

        /** Applies the viewer's answer to the last offer sent, when that offer carried the section. */
        void answered(AnswerSections answer) {
            if (!offered) {
                return; // appended after that offer went out: the next offer carries it
            }
            if (answer.rejected(send.mid())) {
                rejected = true;
            }
            answeredActive = offeredActive && !rejected;
            if (answeredActive && accepted == null) {
                accepted = acceptedAs(answer.accepted(send.mid(), send.codec()));
            }
        }

        /** Under the payload types the answer gave the codec, or the offered ones when it listed it differently. */
        private ViewerTrackDescription acceptedAs(AnswerSections.Accepted a) {
            int payloadType = a != null ? a.payloadType() : send.codec().payloadType();
            int rtxPayloadType = a != null ? a.rtxPayloadType()
                    : send.rtxPayloadType() == null ? -1 : send.rtxPayloadType();
            boolean rtx = send.rtxSsrc() != null && rtxPayloadType >= 0;
            return new ViewerTrackDescription(track, payloadType, (int) send.ssrc(),
                    rtx ? send.rtxSsrc().intValue() : 0, rtx ? rtxPayloadType : -1);
        }

        boolean forwarding() {
            return accepted != null && active && answeredActive && !rejected;
        }
    }

    private final String streamId;
    private final String cname = "osprey-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final List<Section> sections = new ArrayList<>();
    /** The data channel section's mid, null without one; it follows the first offer's tracks. */
    private final String dataMid;
    private final int dataPosition;
    private boolean dataRejected;

    private PlaySections(String streamId, List<PublishedTrack> tracks, boolean dataChannel) {
        this.streamId = streamId;
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).active()) { // a stopped track is not offered (i stays its broadcast index)
                sections.add(new Section(i, sendTrack(tracks.get(i), Integer.toString(sections.size()))));
            }
        }
        this.dataPosition = dataChannel ? sections.size() : -1;
        this.dataMid = dataChannel ? Integer.toString(sections.size()) : null;
    }

    /** The sections of a first offer: the publisher's active tracks, then the data channel when enabled. */
    public static PlaySections of(String streamId, List<PublishedTrack> tracks, boolean dataChannel) {
        return new PlaySections(streamId, tracks, dataChannel);
    }

    public boolean dataChannel() {
        return dataMid != null;
    }

    /**
     * Follows the publisher's track list (broadcast order, inactive tracks included); true when the next
     * offer must differ from the last. A stopped track stops being forwarded at once ({@link #forwarding}).
     */
    @Override
    public boolean follow(List<PublishedTrack> tracks) {
        boolean changed = false;
        for (int i = 0; i < tracks.size(); i++) {
            PublishedTrack t = tracks.get(i);
            Section s = byTrack(i);
            if (s == null) {
                if (t.active()) {
                    sections.add(new Section(i, sendTrack(t, Integer.toString(lineCount()))));
                    changed = true;
                }
            } else {
                changed |= s.follow(t.active());
            }
        }
        return changed;
    }

    /** The offer of the current sections, as session version {@code version}. */
    public PlayOffer offer(LocalTransport local, String sessionId, long version) {
        OfferBuilder builder = TransportSdp.offerBuilder(local, sessionId, version);
        Map<String, String> idMapping = new LinkedHashMap<>();
        List<String> mids = new ArrayList<>();
        List<String> inactive = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            if (i == dataPosition) {
                mids.add(dataMid);
            }
            Section s = sections.get(i);
            SendTrack send = s.send();
            builder.addTrack(send);
            mids.add(send.mid());
            if (s.markOffered()) {
                idMapping.put(send.mid(), send.trackId());
            } else {
                inactive.add(send.mid());
            }
            if (s.rejected()) {
                rejected.add(send.mid());
            }
        }
        if (dataMid != null) {
            if (dataPosition >= sections.size()) {
                mids.add(dataMid);
            }
            builder.dataChannel(dataMid, SctpConfig.WEBRTC_PORT, SctpConfig.DEFAULT_MAX_MESSAGE_SIZE);
            if (dataRejected) {
                rejected.add(dataMid);
            }
        }
        SessionDescription offer = builder.build();
        if (dataMid != null) {
            OfferSections.placeDataSection(offer, dataMid, mids);
        }
        OfferSections.deactivate(offer, inactive);
        OfferSections.reject(offer, rejected, mids);
        return new PlayOffer(SdpWriter.write(offer), idMapping, mids);
    }

    /** Applies the viewer's answer to the last offer sent. */
    public void answered(AnswerSections answer) {
        for (Section s : sections) {
            s.answered(answer);
        }
        if (dataMid != null && answer.rejected(dataMid)) {
            dataRejected = true;
        }
    }

    /** Every section an answer accepted (forwarded now or paused), in m-line order. */
    @Override
    public List<ViewerTrackDescription> acceptedTracks() {
        List<ViewerTrackDescription> out = new ArrayList<>();
        for (Section s : sections) {
            if (s.accepted() != null) {
                out.add(s.accepted());
            }
        }
        return out;
    }

    /** True when publisher track {@code track} goes to the viewer now: accepted, sending, and answered active. */
    @Override
    public boolean forwarding(int track) {
        Section s = byTrack(track);
        return s != null && s.forwarding();
    }

    /** Under the extension ids of every play offer ({@link PlayOffer#VIEWER_EXTENSIONS}). */
    @Override
    public ViewerDescription description(List<ViewerTrackDescription> tracks) {
        return new ViewerDescription(tracks, PlayOffer.VIEWER_EXTENSIONS);
    }

    private Section byTrack(int track) {
        for (Section s : sections) {
            if (s.track() == track) {
                return s;
            }
        }
        return null;
    }

    /** m-lines so far: a new section's mid is this number, so mids never repeat. */
    private int lineCount() {
        return sections.size() + (dataMid == null ? 0 : 1);
    }

    private SendTrack sendTrack(PublishedTrack t, String mid) {
        boolean video = MediaSection.VIDEO.equals(t.kind());
        RtpCodec codec = t.codec().withFeedback(video ? PlayOffer.VIDEO_FEEDBACK : List.of());
        return new SendTrack(t.kind(), mid, codec, t.rtx() == null ? null : t.rtx().payloadType(),
                PlayOffer.randomSsrc(), t.rtx() == null ? null : PlayOffer.randomSsrc(),
                streamId, (video ? "ARDAMSv" : "ARDAMSa") + streamId, cname,
                video ? PlayOffer.VIDEO_EXTENSIONS : PlayOffer.AUDIO_EXTENSIONS);
    }
}
