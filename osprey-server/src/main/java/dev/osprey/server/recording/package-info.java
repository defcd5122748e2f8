/**
 * Recording live streams to MP4 and WebM files that become VoDs: {@link dev.osprey.server.recording.Recordings}
 * decides, per application, which streams are recorded and into which file, and lists each finished
 * file; a {@code RecordingSink} per recording runs the {@link dev.osprey.record.Recorder} on its tap.
 *
 * <p>Threading: an application's decisions (start, stop, file names, the disk check, finishing the
 * files of a killed server at the start) run on its one recording thread, which owns every map here;
 * lifecycle events only queue work there and REST calls wait for its answer. A recorder runs on its
 * tap's worker thread, never on a media loop, and hands its end back to the recording thread.
 */
package dev.osprey.server.recording;
