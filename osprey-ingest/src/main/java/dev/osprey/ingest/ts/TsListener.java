package dev.osprey.ingest.ts;

import dev.osprey.ingest.audio.AdtsHeader;

/**
 * Receives what a {@link TsDemuxer} takes out of the stream, on the thread that feeds the demuxer.
 * Arrays passed in are new and the listener's to keep. Timestamps are in 90 kHz units, unwrapped
 * across the 33-bit wrap-around (see {@link TsDemuxer}); {@link TsDemuxer#NO_TIMESTAMP} when the
 * stream gave none.
 */
public interface TsListener {
    /**
     * The program's tracks are known (its PMT was parsed), or changed with a new PMT. Called before
     * the first access unit or frame of those tracks.
     */
    void onProgram(TsProgramDescription program);

    /**
     * One video access unit: the payload of one PES packet.
     *
     * @param annexB   the NAL units with their Annex B start codes, as the encoder wrote them
     * @param keyframe whether it contains an IDR picture (H.264 NAL type 5; H.265 IRAP types 16–21)
     */
    void onVideoAccessUnit(TsCodec codec, long pts90k, long dts90k, byte[] annexB, boolean keyframe);

    /**
     * One AAC frame.
     *
     * @param pts90k    its own presentation time: the PES's PTS plus 1024 samples per frame before it
     * @param adtsFrame the whole ADTS frame, header included ({@link AdtsHeader#headerLength()} bytes)
     * @param header    its parsed header; the same instance as the previous frame's while every field,
     *                  frame length included, is equal (so compare {@link AdtsHeader#audioSpecificConfig()}
     *                  to notice a change of format)
     */
    void onAudioFrame(TsCodec codec, long pts90k, byte[] adtsFrame, AdtsHeader header);
}
