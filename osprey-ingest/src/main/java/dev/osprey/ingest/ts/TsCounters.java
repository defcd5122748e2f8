package dev.osprey.ingest.ts;

/** The mutable counters behind {@link TsDemuxerStats}, shared by the demuxer's parts. */
final class TsCounters {
    long packets;
    long syncLosses;
    long resyncs;
    long skippedBytes;
    long transportErrors;
    long continuityErrors;
    long droppedPes;
    long oversizedPes;
    long crcErrors;
    long skippedAdtsBytes;

    TsDemuxerStats snapshot() {
        return new TsDemuxerStats(packets, syncLosses, resyncs, skippedBytes, transportErrors, continuityErrors,
                droppedPes, oversizedPes, crcErrors, skippedAdtsBytes);
    }
}
