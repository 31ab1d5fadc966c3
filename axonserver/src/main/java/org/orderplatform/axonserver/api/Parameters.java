package org.orderplatform.axonserver.api;

import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.orderplatform.axonserver.api.Problems.badRequest;

/** Parses request parameters, refusing bad ones with a 400 that says what was expected. */
final class Parameters {

    private Parameters() {
    }

    static EventStorage storage(EventStorages storages, String context) {
        EventStorage storage = storages.all().get(context);
        if (storage == null) {
            throw badRequest("Unknown context '" + context + "'; known contexts: " + storages.all().keySet());
        }
        return storage;
    }

    static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw badRequest("limit must be a whole number from 1 to " + max + ", not '" + value + "'");
        }
        if (limit < 1 || limit > max) {
            throw badRequest("limit must be from 1 to " + max + ", not " + limit);
        }
        return limit;
    }

    /** A whole number from 1 to {@code max}, {@code defaultValue} when absent. */
    static int bounded(String name, String value, int defaultValue, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // Answered below with the same message as a number out of range.
        }
        throw badRequest(name + " must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    /**
     * An aggregate, order or correlation id: trimmed, not blank, at most {@value JourneyController#MAX_ID_LENGTH}
     * characters, no control characters.
     */
    static String id(String name, String value) {
        String id = value == null ? "" : value.trim();
        if (id.isEmpty()) {
            throw badRequest(name + " must not be blank");
        }
        if (id.length() > JourneyController.MAX_ID_LENGTH) {
            throw badRequest(name + " must be at most " + JourneyController.MAX_ID_LENGTH + " characters, not "
                    + id.length());
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw badRequest(name + " must not contain control characters such as line breaks or tabs");
        }
        return id;
    }

    /** A payload type stored in the context, or empty for any. */
    static String payloadType(EventStorage storage, String value) {
        String type = value == null ? "" : value.trim();
        if (!type.isEmpty() && !storage.hasPayloadType(type)) {
            throw badRequest("Unknown payload type '" + type + "': no event of that type is stored in context "
                    + storage.context() + " (see /v1/payload-types)");
        }
        return type;
    }

    /** A cursor as returned in {@code next}: an event token. */
    static Long cursor(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long cursor = Long.parseLong(value.trim());
            if (cursor < -1) {
                throw new NumberFormatException();
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be the 'next' value of a previous page (an event token), not '" + value + "'");
        }
    }

    static Integer segment(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw badRequest("segment must be a segment id, not '" + value + "'");
        }
    }

    /** An ISO-8601 instant ({@code 2026-01-31T12:00:00Z}, an offset instead of Z also works), or null when absent. */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z, not '" + value + "'");
        }
    }

    static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw badRequest("from (" + from + ") is after to (" + to + ")");
        }
    }
}
