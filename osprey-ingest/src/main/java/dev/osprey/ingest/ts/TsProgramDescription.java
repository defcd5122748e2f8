package dev.osprey.ingest.ts;

import java.util.List;
import java.util.Optional;

/**
 * The tracks of the program the demuxer follows (the first in the PAT), as its PMT announced them.
 * Only the first video stream and the first AAC stream are kept; further ones, and streams of other
 * types, are not demultiplexed and not listed.
 *
 * @param programNumber the program_number from the PAT
 * @param pmtPid        the PID its PMT arrived on
 * @param version       the PMT's version_number
 * @param tracks        the demultiplexed tracks: at most one video and one audio, video first
 */
public record TsProgramDescription(int programNumber, int pmtPid, int version, List<TsTrackDescription> tracks) {
    public TsProgramDescription {
        tracks = List.copyOf(tracks);
    }

    /** The video track, if the program has one of a supported codec. */
    public Optional<TsTrackDescription> video() {
        return tracks.stream().filter(t -> t.codec().isVideo()).findFirst();
    }

    /** The audio track, if the program has one of a supported codec. */
    public Optional<TsTrackDescription> audio() {
        return tracks.stream().filter(t -> !t.codec().isVideo()).findFirst();
    }

    /** Whether a video track is present. */
    public boolean hasVideo() {
        return video().isPresent();
    }

    /** Whether an audio track is present. */
    public boolean hasAudio() {
        return audio().isPresent();
    }

    /** Whether the tracks are the same as {@code other}'s, whatever the versions. */
    boolean sameTracks(TsProgramDescription other) {
        return other != null && programNumber == other.programNumber && pmtPid == other.pmtPid
                && tracks.equals(other.tracks);
    }
}
