package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fragmented MP4 (CMAF, ISO/IEC 23000-19 over ISO/IEC 14496-12) for HLS and Low-Latency HLS: an
 * initialisation segment ({@code ftyp} + {@code moov}) and then fragments ({@code moof} + {@code mdat}),
 * each a CMAF chunk that serves as a partial segment or, concatenated, as a media segment.
 *
 * <p>Tracks: video (H.264, timescale 90 kHz) is track 1; audio (AAC, timescale = its sample rate) is
 * track 2 when there is video and track 1 when there is none.
 *
 * <p>Video samples arrive in Annex B form and are written with four-byte NAL unit lengths (AVCC);
 * access unit delimiters and parameter sets are dropped, since the {@code avcC} box carries the
 * parameter sets (a change of them needs a new {@code Fmp4Format} and initialisation segment). A video
 * sample without any NAL unit left (no start code, or nothing but delimiters and parameter sets) is
 * written as an empty sample so that the track's timing stays whole. Audio samples are raw AAC frames.
 *
 * <p>Not thread-safe: one call at a time, on the tap's worker thread (see the package description).
 */
public final class Fmp4Format implements SegmentFormat {
    private static final int VIDEO_TIMESCALE = 90_000;
    private static final int MOVIE_TIMESCALE = 1000;
    /** sample_depends_on = 2: depends on no other sample (ISO/IEC 14496-12 §8.8.3.1). */
    private static final int SYNC_SAMPLE_FLAGS = 2 << 24;
    /** sample_depends_on = 1 and sample_is_non_sync_sample. */
    private static final int NON_SYNC_SAMPLE_FLAGS = 1 << 24 | 1 << 16;
    /** tfhd: default-base-is-moof, the offsets of trun count from the moof box. */
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    /** trun: data-offset, sample-duration, sample-size and sample-flags present. */
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;
    private static final int[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private final H264Config video;
    private final AudioSpecificConfig audio;
    private final int videoTrackId;
    private final int audioTrackId;
    private final BoxWriter out = new BoxWriter(64 * 1024);
    private final AvccCopier avcc = new AvccCopier();
    private long sequenceNumber;

    /**
     * A format for a broadcast with the given tracks; either may be null, not both.
     *
     * @throws IllegalArgumentException when both are null
     */
    public Fmp4Format(H264Config video, AudioSpecificConfig audio) {
        if (video == null && audio == null) {
            throw new IllegalArgumentException("fragmented MP4 needs a video or an audio track");
        }
        this.video = video;
        this.audio = audio;
        this.videoTrackId = video == null ? 0 : 1;
        this.audioTrackId = audio == null ? 0 : video == null ? 1 : 2;
    }

    /** The track ID of the video track (1), or 0 when there is no video. */
    public int videoTrackId() {
        return videoTrackId;
    }

    /** The track ID of the audio track (2, or 1 without video), or 0 when there is no audio. */
    public int audioTrackId() {
        return audioTrackId;
    }

    /** The initialisation segment (the playlist's {@code EXT-X-MAP}): {@code ftyp} and {@code moov}. */
    @Override
    public byte[] initSegment() {
        out.reset();
        int ftyp = out.open("ftyp");
        out.fourCc("iso5").u32(0x200).fourCc("iso5").fourCc("iso6").fourCc("mp41").fourCc("cmfc");
        out.close(ftyp);

        int moov = out.open("moov");
        writeMvhd();
        if (video != null) {
            writeTrak(videoTrackId, true);
        }
        if (audio != null) {
            writeTrak(audioTrackId, false);
        }
        int mvex = out.open("mvex");
        if (video != null) {
            writeTrex(videoTrackId);
        }
        if (audio != null) {
            writeTrex(audioTrackId);
        }
        out.close(mvex);
        out.close(moov);
        return out.toByteArray();
    }

    /**
     * One fragment ({@code moof} + {@code mdat}) holding the given samples; its sequence number is one
     * more than the previous fragment's, starting at 1. Each track's decode time starts at its first
     * sample's {@link MediaSample#time()}; each sample lasts its {@link MediaSample#duration()}.
     *
     * @param videoSamples H.264 access units in Annex B form, in decoding order; null or empty for none
     * @param audioSamples raw AAC frames in order; null or empty for none
     * @throws IllegalArgumentException when both lists are empty, or one has samples for a track this
     *                                  format does not have
     */
    @Override
    public byte[] fragment(List<MediaSample> videoSamples, List<MediaSample> audioSamples) {
        boolean hasVideo = videoSamples != null && !videoSamples.isEmpty();
        boolean hasAudio = audioSamples != null && !audioSamples.isEmpty();
        if (!hasVideo && !hasAudio) {
            throw new IllegalArgumentException("a fragment needs at least one sample");
        }
        if (hasVideo && video == null || hasAudio && audio == null) {
            throw new IllegalArgumentException("samples for a track this format was not given");
        }
        int[] videoSizes = hasVideo ? avccSizes(videoSamples) : null;
        long videoBytes = 0;
        if (hasVideo) {
            for (int size : videoSizes) {
                videoBytes += size;
            }
        }

        out.reset();
        int moof = out.open("moof");
        int mfhd = out.openFull("mfhd", 0, 0);
        out.u32(++sequenceNumber);
        out.close(mfhd);
        int videoOffsetField = hasVideo ? writeTraf(videoTrackId, videoSamples, videoSizes) : -1;
        int audioOffsetField = hasAudio ? writeTraf(audioTrackId, audioSamples, null) : -1;
        out.close(moof);

        // Offsets count from the start of moof (default-base-is-moof) to the first byte of each run.
        int dataStart = out.position() + 8;
        if (hasVideo) {
            out.putU32(videoOffsetField, dataStart);
        }
        if (hasAudio) {
            out.putU32(audioOffsetField, dataStart + videoBytes);
        }

        int mdat = out.open("mdat");
        if (hasVideo) {
            for (MediaSample sample : videoSamples) {
                avcc.copy(sample.data(), out);
            }
        }
        if (hasAudio) {
            for (MediaSample sample : audioSamples) {
                out.bytes(sample.data());
            }
        }
        out.close(mdat);
        return out.toByteArray();
    }

    /** Writes a traf box; returns the position of its trun's data_offset, filled in later. */
    private int writeTraf(int trackId, List<MediaSample> samples, int[] sizes) {
        int traf = out.open("traf");
        int tfhd = out.openFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
        out.u32(trackId);
        out.close(tfhd);

        int tfdt = out.openFull("tfdt", 1, 0);
        out.u64(samples.getFirst().time());
        out.close(tfdt);

        int trun = out.openFull("trun", 0, TRUN_FLAGS);
        out.u32(samples.size());
        int offsetField = out.position();
        out.u32(0);
        for (int i = 0; i < samples.size(); i++) {
            MediaSample sample = samples.get(i);
            boolean sync = sizes == null || sample.sync(); // audio frames are all sync samples
            out.u32(sample.duration() & 0xFFFFFFFFL);
            out.u32(sizes == null ? sample.data().length : sizes[i]);
            out.u32(sync ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
        }
        out.close(trun);
        out.close(traf);
        return offsetField;
    }

    private int[] avccSizes(List<MediaSample> samples) {
        int[] sizes = new int[samples.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = avcc.size(samples.get(i).data());
        }
        return sizes;
    }

    private void writeMvhd() {
        int mvhd = out.openFull("mvhd", 0, 0);
        out.u32(0).u32(0); // creation and modification time: unknown
        out.u32(MOVIE_TIMESCALE).u32(0); // duration 0: the fragments say how long
        out.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
        writeMatrix();
        out.zeros(24); // pre_defined
        out.u32((audioTrackId > videoTrackId ? audioTrackId : videoTrackId) + 1L); // next_track_ID
        out.close(mvhd);
    }

    private void writeTrak(int trackId, boolean isVideo) {
        int trak = out.open("trak");
        int tkhd = out.openFull("tkhd", 0, 0x000003); // enabled, in movie
        out.u32(0).u32(0).u32(trackId).u32(0).u32(0); // times, track_ID, reserved, duration
        out.zeros(8).u16(0).u16(0); // reserved, layer, alternate_group
        out.u16(isVideo ? 0 : 0x0100).u16(0); // volume, reserved
        writeMatrix();
        out.u32(isVideo ? (long) video.width() << 16 : 0).u32(isVideo ? (long) video.height() << 16 : 0);
        out.close(tkhd);

        int mdia = out.open("mdia");
        int mdhd = out.openFull("mdhd", 0, 0);
        out.u32(0).u32(0).u32(isVideo ? VIDEO_TIMESCALE : audio.sampleRate()).u32(0);
        out.u16(0x55C4).u16(0); // language "und", pre_defined
        out.close(mdhd);

        int hdlr = out.openFull("hdlr", 0, 0);
        out.u32(0).fourCc(isVideo ? "vide" : "soun").zeros(12);
        out.bytes((isVideo ? "VideoHandler" : "SoundHandler").getBytes(StandardCharsets.US_ASCII))
                .u8(0);
        out.close(hdlr);

        int minf = out.open("minf");
        if (isVideo) {
            int vmhd = out.openFull("vmhd", 0, 1);
            out.u16(0).u16(0).u16(0).u16(0); // graphicsmode copy, opcolor
            out.close(vmhd);
        } else {
            int smhd = out.openFull("smhd", 0, 0);
            out.u16(0).u16(0); // balance centre, reserved
            out.close(smhd);
        }
        int dinf = out.open("dinf");
        int dref = out.openFull("dref", 0, 0);
        out.u32(1);
        int url = out.openFull("url ", 0, 1); // the media is in this file
        out.close(url);
        out.close(dref);
        out.close(dinf);

        int stbl = out.open("stbl");
        int stsd = out.openFull("stsd", 0, 0);
        out.u32(1);
        if (isVideo) {
            writeAvc1();
        } else {
            writeMp4a();
        }
        out.close(stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int box = out.openFull(empty, 0, 0);
            out.u32(0); // entry_count
            out.close(box);
        }
        int stsz = out.openFull("stsz", 0, 0);
        out.u32(0).u32(0); // sample_size, sample_count
        out.close(stsz);
        out.close(stbl);
        out.close(minf);
        out.close(mdia);
        out.close(trak);
    }

    /** The visual sample entry (ISO/IEC 14496-12 §12.1.3) with its avcC (ISO/IEC 14496-15 §5.3.3). */
    private void writeAvc1() {
        int avc1 = out.open("avc1");
        out.zeros(6).u16(1); // reserved, data_reference_index
        out.u16(0).u16(0).zeros(12); // pre_defined, reserved, pre_defined
        out.u16(video.width()).u16(video.height());
        out.u32(0x00480000).u32(0x00480000).u32(0); // 72 dpi, reserved
        out.u16(1).zeros(32); // frame_count, compressorname
        out.u16(0x0018).u16(0xFFFF); // depth, pre_defined -1

        int avcC = out.open("avcC");
        byte[] sps = video.sps();
        byte[] pps = video.pps();
        out.u8(1).u8(video.profile()).u8(video.compatibility()).u8(video.level());
        out.u8(0xFC | 3); // four-byte NAL unit lengths
        out.u8(0xE0 | 1).u16(sps.length).bytes(sps);
        out.u8(1).u16(pps.length).bytes(pps);
        out.close(avcC);
        out.close(avc1);
    }

    /** The audio sample entry (ISO/IEC 14496-12 §12.2.3) with its esds (ISO/IEC 14496-14 §5.6). */
    private void writeMp4a() {
        int mp4a = out.open("mp4a");
        out.zeros(6).u16(1); // reserved, data_reference_index
        out.zeros(8); // reserved
        out.u16(audio.channelConfiguration()).u16(16).u16(0).u16(0); // channelcount, samplesize, pre_defined, reserved
        out.u32(audio.sampleRate() < 0x10000 ? (long) audio.sampleRate() << 16 : 0); // 16.16, if it fits

        byte[] asc = audio.bytes();
        int decoderSpecificInfo = descriptorSize(asc.length);
        int decoderConfig = descriptorSize(13 + decoderSpecificInfo);
        int slConfig = descriptorSize(1);
        int esds = out.openFull("esds", 0, 0);
        writeDescriptorHeader(0x03, 3 + decoderConfig + slConfig); // ES_Descriptor
        out.u16(audioTrackId).u8(0); // ES_ID, no stream dependence, URL or OCR stream
        writeDescriptorHeader(0x04, 13 + decoderSpecificInfo); // DecoderConfigDescriptor
        out.u8(0x40); // objectTypeIndication: MPEG-4 audio
        out.u8(0x05 << 2 | 1); // streamType audio, upStream 0, reserved 1
        out.u24(0).u32(0).u32(0); // bufferSizeDB, maxBitrate, avgBitrate: unknown
        writeDescriptorHeader(0x05, asc.length); // DecoderSpecificInfo
        out.bytes(asc);
        writeDescriptorHeader(0x06, 1); // SLConfigDescriptor
        out.u8(0x02); // predefined: MP4 file
        out.close(esds);
        out.close(mp4a);
    }

    /** The whole size of a descriptor with {@code payload} bytes (ISO/IEC 14496-1 §8.3.3 sizeOfInstance). */
    private static int descriptorSize(int payload) {
        return 1 + sizeFieldLength(payload) + payload;
    }

    private static int sizeFieldLength(int payload) {
        int bytes = 1;
        while (payload >>> 7 * bytes != 0) {
            bytes++;
        }
        return bytes;
    }

    private void writeDescriptorHeader(int tag, int payload) {
        out.u8(tag);
        for (int i = sizeFieldLength(payload) - 1; i >= 0; i--) {
            out.u8((payload >>> 7 * i & 0x7F) | (i > 0 ? 0x80 : 0));
        }
    }

    private void writeTrex(int trackId) {
        int trex = out.openFull("trex", 0, 0);
        out.u32(trackId).u32(1).u32(0).u32(0).u32(0); // sample description 1, defaults unused (trun says)
        out.close(trex);
    }

    private void writeMatrix() {
        for (int value : UNITY_MATRIX) {
            out.u32(value & 0xFFFFFFFFL);
        }
    }

    /**
     * Turns an Annex B access unit into AVCC: each kept NAL unit after a four-byte length. One instance
     * serves every sample, so the walk allocates nothing.
     */
    private static final class AvccCopier implements AnnexB.NalVisitor {
        private byte[] source;
        private BoxWriter target;
        private int size;

        /** The AVCC size of {@code accessUnit}. */
        int size(byte[] accessUnit) {
            return walk(accessUnit, null);
        }

        /** Appends {@code accessUnit} in AVCC form to {@code writer}. */
        void copy(byte[] accessUnit, BoxWriter writer) {
            walk(accessUnit, writer);
        }

        private int walk(byte[] accessUnit, BoxWriter writer) {
            source = accessUnit;
            target = writer;
            size = 0;
            AnnexB.forEachNal(accessUnit, accessUnit.length, this);
            source = null;
            target = null;
            return size;
        }

        @Override
        public void nal(int type, int offset, int length) {
            if (type == H264Payload.NAL_AUD || type == H264Payload.NAL_SPS || type == H264Payload.NAL_PPS) {
                return;
            }
            if (target != null) {
                target.u32(length).bytes(source, offset, length);
            }
            size += 4 + length;
        }
    }
}
