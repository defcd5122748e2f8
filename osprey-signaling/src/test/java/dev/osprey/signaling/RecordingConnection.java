package dev.osprey.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** A fake socket that records every frame the signalling sends. Thread-safe like the real one. */
final class RecordingConnection implements ClientConnection {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final String address;
    private final List<String> sent = new ArrayList<>();
    private short closeCode;
    private String closeReason;

    RecordingConnection(String address) {
        this.address = address;
    }

    @Override
    public synchronized void send(String text) {
        sent.add(text);
    }

    @Override
    public synchronized void close(short code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    synchronized List<String> sentTexts() {
        return new ArrayList<>(sent);
    }

    /** Every frame sent so far, parsed, and forgets them. */
    synchronized List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        for (String text : sent) {
            out.add(parse(text));
        }
        sent.clear();
        return out;
    }

    synchronized short closeCode() {
        return closeCode;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** JSON written with single quotes for readability: {@code json("{'command':'pong'}")}. */
    static JsonNode json(String singleQuoted) {
        return parse(singleQuoted.replace('\'', '"'));
    }
}
