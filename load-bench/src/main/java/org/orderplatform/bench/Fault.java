package org.orderplatform.bench;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a scenario of the fault suite does to the suite while orders arrive: {@code inject} breaks something, which
 * lasts {@code held}; {@code recover} undoes it and returns once the suite can serve again. {@code prepare} and
 * {@code restore} set the suite up for the scenario before the load and put it back afterwards.
 */
record Fault(String description, Duration held, Consumer<SuiteControl> inject, Consumer<SuiteControl> recover,
             Consumer<SuiteControl> prepare, Consumer<SuiteControl> restore) {

    private static final Consumer<SuiteControl> NOTHING = suite -> {
    };

    /** The process is killed with SIGKILL and started again after {@code down}; zero starts it at once. */
    static Fault killed(String process, Duration down) {
        return new Fault(down.isZero() ? "`kill -9` of " + process + ", started again at once"
                : process + " killed (`kill -9`) for " + down.toSeconds() + " s, then started",
                down, suite -> suite.kill(process), suite -> suite.start(process), NOTHING, NOTHING);
    }

    /** The first of a service's several instances is killed with SIGKILL and started again at once. */
    static Fault instanceKilled(String service) {
        return new Fault("`kill -9` of " + service + ", one of its instances, started again at once", Duration.ZERO,
                suite -> suite.kill(service), suite -> suite.start(service), NOTHING, NOTHING);
    }

    /** The process is stopped with SIGSTOP for {@code frozen}, holding its connections, then continued. */
    static Fault frozen(String process, Duration frozen) {
        return new Fault(process + " frozen (SIGSTOP) for " + frozen.toSeconds() + " s", frozen,
                suite -> suite.freeze(process), suite -> suite.thaw(process), NOTHING, NOTHING);
    }

    /**
     * No fault is injected: the processes run with these settings for the scenario's load, so that it meets a race
     * the suite's defaults rarely show.
     */
    static Fault configured(String description, Map<String, Map<String, String>> environmentByProcess) {
        return new Fault(description, Duration.ZERO, NOTHING, NOTHING,
                suite -> environmentByProcess.forEach(suite::restart),
                suite -> environmentByProcess.keySet().forEach(process -> suite.restart(process, Map.of())));
    }
}
