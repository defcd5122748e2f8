package dev.osprey.media;

public enum MediaKind {
    AUDIO,
    VIDEO
}
