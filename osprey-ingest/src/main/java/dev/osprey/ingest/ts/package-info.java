/**
 * MPEG-TS demultiplexing (ISO/IEC 13818-1) for SRT ingest: 188-byte transport packets, the PAT and
 * PMT of the first program, and PES reassembly of the H.264, H.265 and AAC (ADTS) elementary
 * streams that encoders send. {@link dev.osprey.ingest.ts.TsDemuxer} is the entry point; it hands
 * video access units and AAC frames to a {@link dev.osprey.ingest.ts.TsListener}.
 *
 * <p>Hostile input: every byte comes from the network and is treated as untrusted. Nothing a peer
 * sends makes {@code feed} throw: a packet without its sync byte starts a search for sync, a PSI
 * section with a bad CRC is dropped, a continuity-counter gap drops the PES being assembled, a
 * malformed or oversized PES is dropped, and every such event is counted in
 * {@link dev.osprey.ingest.ts.TsDemuxerStats} rather than logged per packet. Memory is bounded
 * whatever the input: one PES buffer of at most the configured limit (4 MB by default) per
 * demultiplexed track (one video, one audio), one more for the audio track's ADTS frames, and a few
 * kilobytes of fixed state.
 *
 * <p>Threading: nothing here is thread-safe. Each connection owns its own demuxer and feeds it on one
 * thread; the listener is called on that thread, from inside {@code feed} and {@code flush}.
 */
package dev.osprey.ingest.ts;
