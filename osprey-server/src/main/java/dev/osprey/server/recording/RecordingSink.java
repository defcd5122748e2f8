package dev.osprey.server.recording;

import dev.osprey.media.SourceDescription;
import dev.osprey.media.frame.AssembledFrame;
import dev.osprey.media.frame.FrameConsumer;
import dev.osprey.record.Container;
import dev.osprey.record.Recorder;
import dev.osprey.record.RecordingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One recording of one broadcast into one file: makes its {@link Recorder} when the tap first describes
 * the tracks (refusing, without any file, tracks the container cannot hold) and reports the end, with
 * the finished file or none. Runs on the tap's worker thread, every call.
 */
final class RecordingSink implements FrameConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingSink.class);

    /** Hears how the recording ended; called once, on the tap's worker thread. */
    interface Ending {
        /**
         * @param file       the finished file, null when nothing was written
         * @param startTime  when the first frame was written, ms since the epoch
         * @param durationMs from the first frame to the last
         */
        void ended(Path file, long startTime, long durationMs);
    }

    private final Container container;
    private final Path file;
    private final Map<String, String> tags;
    private final Ending ending;
    /** Completed at the first description: null when recording, else why the tracks are refused. */
    private final CompletableFuture<String> accepted = new CompletableFuture<>();
    private Recorder recorder;
    private boolean ended;
    private long startTime;

    RecordingSink(Container container, Path file, Map<String, String> tags, Ending ending) {
        this.container = container;
        this.file = file;
        this.tags = tags;
        this.ending = ending;
    }

    /** Completes with null once the tracks are accepted, or with the reason they are not. Any thread. */
    CompletableFuture<String> accepted() {
        return accepted;
    }

    @Override
    public void onTracks(SourceDescription source) {
        if (ended) {
            return;
        }
        if (recorder == null) {
            try {
                recorder = new Recorder(source, container, file, tags);
                accepted.complete(null);
            } catch (IllegalArgumentException e) {
                accepted.complete(e.getMessage());
                end();
            }
            return;
        }
        recorder.onTracks(source);
        if (Files.exists(file)) {
            end(); // the recorder closed the file at a change of codec
        }
    }

    @Override
    public void onFrame(int track, AssembledFrame frame, long timeMicros) {
        if (ended || recorder == null) {
            return;
        }
        try {
            recorder.onFrame(track, frame, timeMicros);
        } catch (RecordingException e) {
            LOG.warn("Recording {} stops: {}", file, e.getMessage());
            end();
            return;
        }
        if (startTime == 0 && recorder.framesWritten() > 0) {
            startTime = System.currentTimeMillis();
        }
    }

    @Override
    public void onClose() {
        accepted.complete("the stream ended");
        end();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        long durationMs = 0;
        boolean written = false;
        if (recorder != null) {
            try {
                recorder.close();
            } catch (RuntimeException e) {
                LOG.warn("Recording {} could not be finished: {}", file, e.toString());
            }
            durationMs = recorder.durationMicros() / 1000;
            written = Files.exists(file);
        }
        ending.ended(written ? file : null, startTime, durationMs);
    }
}
