package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tap that writes down every call it gets, in order, and the thread it got them on. */
class RecordingTap implements Tap {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<byte[]> packets = new CopyOnWriteArrayList<>();
    volatile TapControl control;
    volatile Thread thread;

    @Override
    public void onStart(SourceDescription source, TapControl control) {
        this.control = control;
        this.thread = Thread.currentThread();
        events.add("start " + source.tracks().size());
    }

    @Override
    public void onSourceChanged(SourceDescription source) {
        events.add("source " + source.tracks().size() + " " + Integer.toHexString(source.tracks().get(0).ssrc()));
    }

    @Override
    public void onRtp(int track, RtpPacket packet, long arrivalNanos) {
        events.add("rtp " + track + " " + Integer.toHexString(packet.ssrc()) + " " + packet.sequenceNumber());
        packets.add(java.util.Arrays.copyOfRange(packet.buffer(), packet.offset(), packet.offset() + packet.length()));
    }

    @Override
    public void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos) {
        events.add("sr " + track + " " + rtpTimestamp);
    }

    @Override
    public void onGap(long lost) {
        events.add("gap " + lost);
    }

    @Override
    public void onClose() {
        events.add("close");
    }

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
