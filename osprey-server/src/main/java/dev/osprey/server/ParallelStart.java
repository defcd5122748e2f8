package dev.osprey.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts independent parts of the server at the same time, each on its own short-lived platform thread
 * (or on the caller's), and all-or-nothing: when one part fails, {@link #awaitAll()} closes the parts that
 * did start and rethrows the first failure as it was thrown. Used by one thread, the one that starts
 * the server.
 */
final class ParallelStart implements AutoCloseable {

    /** A part's result, valid after {@link #awaitAll()} returned. */
    interface Part<T> {
        T get();
    }

    private final List<StartedPart<?>> parts = new ArrayList<>();
    private boolean awaited;

    /** Starts {@code start} on a new thread named {@code osprey-start-NAME}; {@code close} undoes it. */
    <T> Part<T> submit(String name, Callable<T> start, Consumer<? super T> close) {
        var part = new StartedPart<>(new FutureTask<>(start), close);
        Thread.ofPlatform().name("osprey-start-" + name).daemon().start(part.task);
        parts.add(part);
        return part;
    }

    /** Runs {@code start} on the calling thread while the submitted parts go on. */
    <T> Part<T> runHere(Supplier<T> start, Consumer<? super T> close) {
        var part = new StartedPart<>(new FutureTask<>(start::get), close);
        part.task.run();
        parts.add(part);
        return part;
    }

    /**
     * Waits for every part. When any failed, closes the others that started and throws the first
     * failure (in submission order): a {@link RuntimeException} or {@link Error} as it was thrown.
     */
    void awaitAll() {
        Throwable failure = null;
        for (StartedPart<?> part : parts) {
            Throwable f = part.await();
            if (failure == null) {
                failure = f;
            }
        }
        awaited = true;
        if (failure != null) {
            closeStarted();
            switch (failure) {
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new ServerStartException("server failed to start: " + failure, failure);
            }
        }
    }

    /** Closes the started parts when {@link #awaitAll()} was never reached (the caller was interrupted). */
    @Override
    public void close() {
        if (!awaited) {
            for (StartedPart<?> part : parts) {
                part.await();
            }
            closeStarted();
        }
    }

    private void closeStarted() {
        for (StartedPart<?> part : parts) {
            part.closeIfStarted();
        }
    }

    private static final class StartedPart<T> implements Part<T> {
        final FutureTask<T> task;
        private final Consumer<? super T> close;
        private T value;
        private boolean closed;

        StartedPart(FutureTask<T> task, Consumer<? super T> close) {
            this.task = task;
            this.close = close;
        }

        /** Waits for the part; its failure, or null once it started. */
        Throwable await() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        value = task.get();
                        return null;
                    } catch (InterruptedException e) {
                        interrupted = true; // a half-started part must still be waited for, to be closed
                    } catch (ExecutionException e) {
                        return e.getCause();
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void closeIfStarted() {
            if (value != null && !closed) {
                closed = true;
                try {
                    close.accept(value);
                } catch (RuntimeException ignored) {
                    // closing after a failed start is best effort; the start failure is what gets reported
                }
            }
        }

        @Override
        public T get() {
            if (value == null) {
                throw new IllegalStateException("part not started");
            }
            return value;
        }
    }
}
