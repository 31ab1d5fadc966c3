package org.orderplatform.axonserver.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The API's failures; Spring renders them as {@code application/problem+json} with the message as {@code detail}. */
final class Problems {

    private Problems() {
    }

    static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }
}
