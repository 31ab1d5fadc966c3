package org.orderplatform.notification.deadletter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a record stands on the dead-letter topic, written {@code <partition>-<offset>}: stable for as long as it is kept. */
record DeadLetterId(int partition, long offset) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})-(\\d{1,18})");

    static DeadLetterId parse(String id) {
        Matcher parts = FORMAT.matcher(id);
        if (!parts.matches()) {
            throw new DeadLetterNotFoundException("no dead letter '" + id + "': ids are <partition>-<offset>, such as 0-17");
        }
        return new DeadLetterId(Integer.parseInt(parts.group(1)), Long.parseLong(parts.group(2)));
    }

    @Override
    public String toString() {
        return partition + "-" + offset;
    }
}
