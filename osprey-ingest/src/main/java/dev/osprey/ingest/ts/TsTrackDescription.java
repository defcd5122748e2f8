package dev.osprey.ingest.ts;

/**
 * One elementary stream of the program that the demuxer delivers.
 *
 * @param pid   the transport packets' PID that carries it
 * @param codec what it carries
 */
public record TsTrackDescription(int pid, TsCodec codec) {
}
