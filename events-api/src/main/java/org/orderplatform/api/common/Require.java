package org.orderplatform.api.common;

import java.util.Collection;
import java.util.Objects;

/**
 * Construction-time checks shared by the message records, so a malformed message fails where it is built
 * with a message that names the offending field.
 */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String nonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    public static int notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    public static <C extends Collection<?>> C nonEmpty(C values, String field) {
        if (present(values, field).isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null entries");
        }
        return values;
    }
}
