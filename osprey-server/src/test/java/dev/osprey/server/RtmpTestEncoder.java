package dev.osprey.server;

import java.io.IOException;
import java.nio.file.Path;

/** Debian's {@code ffmpeg} as an RTMP encoder for the server's tests. */
final class RtmpTestEncoder {
    private RtmpTestEncoder() {
    }

    /**
     * Publishes {@code seconds} of 320x240 H.264 at 25 fps (a keyframe a second) and AAC in real time to
     * {@code rtmp://127.0.0.1:{rtmpPort}/LiveApp/{streamId}}; ffmpeg's output goes to {@code log}.
     */
    static Process publish(int rtmpPort, String streamId, int seconds, Path log) throws IOException {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-profile:v", "baseline",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac",
                "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/LiveApp/" + streamId)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
