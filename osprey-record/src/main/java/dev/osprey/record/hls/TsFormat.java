package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;
import java.util.List;

/**
 * Writes a broadcast's H.264 video and AAC audio as an MPEG-2 transport stream (ISO/IEC 13818-1), the
 * classic HLS segment format (RFC 8216 §3.2): one program, PMT on PID 0x1000, video on 0x100
 * (stream_type 0x1B) carrying the PCR, audio on 0x101 (stream_type 0x0F, ADTS). When there is no video,
 * the audio PID carries the PCR.
 *
 * <p>Each {@link #fragment} call gives one chunk (a whole segment or an LL-HLS part) starting with the
 * PAT and the PMT, so that any chunk can start a decoder. One object serves a whole broadcast: the
 * continuity counters run on from chunk to chunk. Not thread-safe: one call at a time (see the package).
 */
public final class TsFormat implements SegmentFormat {
    /** PTS and PCR bases count 33 bits of a 90 kHz clock and then wrap. */
    private static final long TIMESTAMP_MASK = (1L << 33) - 1;
    private static final int CLOCK = 90_000;

    private final H264Config video;
    private final AudioSpecificConfig audio;
    private final byte[] pat;
    private final byte[] pmt;
    private final int pcrPid;
    private final TsPacketWriter packets = new TsPacketWriter();
    private final PesBuilder pes;

    /** A format for the given tracks; either may be null (a broadcast without video or audio), not both. */
    public TsFormat(H264Config video, AudioSpecificConfig audio) {
        if (video == null && audio == null) {
            throw new IllegalArgumentException("a transport stream needs a video or an audio track");
        }
        this.video = video;
        this.audio = audio;
        pcrPid = video != null ? TsProgramTables.VIDEO_PID : TsProgramTables.AUDIO_PID;
        pat = TsProgramTables.pat();
        pmt = TsProgramTables.pmt(video != null, audio != null, pcrPid);
        pes = new PesBuilder(video);
    }

    /** Null: a transport stream has no initialisation segment, every chunk carries its own tables. */
    @Override
    public byte[] initSegment() {
        return null;
    }

    /**
     * The transport packets of one chunk: PAT, PMT, then the samples as PES packets in time order (video
     * first on a tie). Video samples are Annex B access units at 90 kHz, audio samples raw AAC frames in
     * the sample rate's timescale. An access unit without any start code is not H.264 in Annex B form
     * and is left out.
     *
     * @param videoSamples the chunk's access units in decoding order; null or empty for none
     * @param audioSamples the chunk's AAC frames in order; null or empty for none
     * @return the chunk's 188-byte packets
     * @throws IllegalArgumentException when both lists are empty, or samples are given for a track the
     *                                  format was made without
     */
    @Override
    public byte[] fragment(List<MediaSample> videoSamples, List<MediaSample> audioSamples) {
        int videoCount = videoSamples == null ? 0 : videoSamples.size();
        int audioCount = audioSamples == null ? 0 : audioSamples.size();
        if (videoCount == 0 && audioCount == 0) {
            throw new IllegalArgumentException("a chunk needs at least one sample");
        }
        if (videoCount > 0 && video == null || audioCount > 0 && audio == null) {
            throw new IllegalArgumentException("samples for a track this format does not have");
        }
        packets.reset();
        packets.writeSection(TsProgramTables.PAT_PID, pat);
        packets.writeSection(TsProgramTables.PMT_PID, pmt);
        int v = 0;
        int a = 0;
        while (v < videoCount || a < audioCount) {
            long videoTime = v < videoCount ? videoSamples.get(v).time() : Long.MAX_VALUE;
            long audioTime = a < audioCount ? audioTime(audioSamples.get(a)) : Long.MAX_VALUE;
            if (v < videoCount && videoTime <= audioTime) {
                writeVideo(videoSamples.get(v++), videoTime & TIMESTAMP_MASK);
            } else {
                writeAudio(audioSamples.get(a++), audioTime & TIMESTAMP_MASK);
            }
        }
        return packets.toByteArray();
    }

    private void writeVideo(MediaSample sample, long pts) {
        int length = pes.video(sample, pts);
        if (length > 0) {
            // The tap's times carry no encoder delay, so the clock reference is the decoding time itself.
            packets.writePes(TsProgramTables.VIDEO_PID, pes.buffer(), length, pts, sample.sync() || pes.hadIdrSlice());
        }
    }

    private void writeAudio(MediaSample sample, long pts) {
        int length = pes.audio(sample, audio, pts);
        long pcr = pcrPid == TsProgramTables.AUDIO_PID ? pts : -1;
        packets.writePes(TsProgramTables.AUDIO_PID, pes.buffer(), length, pcr, false);
    }

    /** An audio sample's time on the 90 kHz clock, without overflowing for long-running broadcasts. */
    private long audioTime(MediaSample sample) {
        long time = sample.time();
        int rate = audio.sampleRate();
        return time / rate * CLOCK + time % rate * CLOCK / rate;
    }
}
