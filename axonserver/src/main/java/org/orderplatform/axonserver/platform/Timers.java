package org.orderplatform.axonserver.platform;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that runs the server's timeouts and heartbeats. Every task is short: it answers a message or sends
 * one. A cancelled timeout leaves the queue at once, so a message answered in time is not kept until it would have
 * expired.
 */
@Component
public class Timers {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "axonserver-timers");
        thread.setDaemon(true);
        return thread;
    });

    public Timers() {
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} once after {@code delay}, unless the returned future is cancelled first. */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code interval} until the server stops. */
    public void every(Duration interval, Runnable task) {
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }

    /** A repeating task that throws would never run again; one that fails is logged and the next one runs. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Timer task failed", e);
            }
        };
    }
}
