package dev.osprey.ingest.ts;

import dev.osprey.ingest.audio.AdtsHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keeps everything a demuxer hands out, in order. */
final class RecordingListener implements TsListener {
    record VideoUnit(TsCodec codec, long pts, long dts, byte[] data, boolean keyframe) {
    }

    record AudioFrame(long pts, byte[] data, AdtsHeader header) {
    }

    final List<TsProgramDescription> programs = new ArrayList<>();
    final List<VideoUnit> video = new ArrayList<>();
    final List<AudioFrame> audio = new ArrayList<>();
    /** Every event as text, bytes included, to compare two runs. */
    final List<String> events = new ArrayList<>();

    @Override
    public void onProgram(TsProgramDescription program) {
        programs.add(program);
        events.add("program " + program);
    }

    @Override
    public void onVideoAccessUnit(TsCodec codec, long pts90k, long dts90k, byte[] annexB, boolean keyframe) {
        video.add(new VideoUnit(codec, pts90k, dts90k, annexB, keyframe));
        events.add("video " + codec + " " + pts90k + " " + dts90k + " " + keyframe + " "
                + Arrays.hashCode(annexB) + "/" + annexB.length);
    }

    @Override
    public void onAudioFrame(TsCodec codec, long pts90k, byte[] adtsFrame, AdtsHeader header) {
        audio.add(new AudioFrame(pts90k, adtsFrame, header));
        events.add("audio " + codec + " " + pts90k + " " + header + " "
                + Arrays.hashCode(adtsFrame) + "/" + adtsFrame.length);
    }

    long keyframes() {
        return video.stream().filter(VideoUnit::keyframe).count();
    }
}
