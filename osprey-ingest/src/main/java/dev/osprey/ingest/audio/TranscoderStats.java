package dev.osprey.ingest.audio;

/**
 * A snapshot of an {@link AacToOpusTranscoder}'s counters.
 *
 * @param framesIn      AAC access units submitted, dropped ones included
 * @param packetsOut    Opus packets handed to the sink
 * @param framesDropped access units not transcoded because the queue was full or the transcoder closed
 * @param framesFailed  access units the decoder refused, or empty or too large to be AAC (corrupt data)
 */
public record TranscoderStats(long framesIn, long packetsOut, long framesDropped, long framesFailed) {
}
