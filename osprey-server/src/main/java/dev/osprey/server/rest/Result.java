package dev.osprey.server.rest;

/** Ant Media's generic answer: {@code {success, message, dataId, errorId}}. */
public record Result(boolean success, String message, String dataId, int errorId) {

    public static Result ok() {
        return new Result(true, null, null, 0);
    }

    public static Result ok(String message, String dataId) {
        return new Result(true, message, dataId, 0);
    }

    public static Result failure(String message) {
        return new Result(false, message, null, 0);
    }
}
