package dev.osprey.webrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/** Records every association event for assertions. */
class RecordingSctpListener implements SctpListener {
    record Message(int stream, int ppid, byte[] data) {
    }

    final List<Message> messages = new ArrayList<>();
    final List<int[]> incomingResets = new ArrayList<>();
    final List<int[]> outgoingResets = new ArrayList<>();
    int established;
    CloseCause closeCause;
    String closeDetail;

    @Override
    public void onEstablished() {
        established++;
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] data) {
        messages.add(new Message(streamId, ppid, data));
    }

    @Override
    public void onIncomingStreamsReset(int[] streamIds) {
        incomingResets.add(streamIds);
    }

    @Override
    public void onOutgoingStreamsReset(int[] streamIds) {
        outgoingResets.add(streamIds);
    }

    @Override
    public void onClosed(CloseCause cause, String detail) {
        closeCause = cause;
        closeDetail = detail;
    }
}
