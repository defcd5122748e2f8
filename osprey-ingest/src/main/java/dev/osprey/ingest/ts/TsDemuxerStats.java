package dev.osprey.ingest.ts;

/**
 * What a {@link TsDemuxer} has seen so far; all counts since it was created.
 *
 * @param packets          transport packets accepted (sync byte 0x47 in place)
 * @param syncLosses       times a packet's sync byte was missing where one was expected
 * @param resyncs          times sync was found again after a loss (0x47 repeating 188 bytes apart)
 * @param skippedBytes     bytes thrown away while searching for sync
 * @param transportErrors  packets dropped because their transport_error_indicator was set
 * @param continuityErrors continuity_counter gaps on the program's PIDs
 * @param droppedPes       PES packets thrown away: cut by a gap, malformed, or too large
 * @param oversizedPes     of those, the ones that outgrew the PES size limit
 * @param crcErrors        PSI sections (PAT, PMT) dropped because their CRC32 did not match
 * @param skippedAdtsBytes bytes of audio PES payload that were not part of a well-formed ADTS frame
 */
public record TsDemuxerStats(long packets, long syncLosses, long resyncs, long skippedBytes, long transportErrors,
        long continuityErrors, long droppedPes, long oversizedPes, long crcErrors, long skippedAdtsBytes) {
}
