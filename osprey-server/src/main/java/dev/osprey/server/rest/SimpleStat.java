package dev.osprey.server.rest;

/** Ant Media's single-value statistic: {@code {number}}. */
public record SimpleStat(long number) {
}
