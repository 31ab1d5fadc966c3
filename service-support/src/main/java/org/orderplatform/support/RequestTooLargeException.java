package org.orderplatform.support;

import java.io.IOException;

/** A request body went over the size limit while it was read. */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long maxBytes) {
        super(detail(maxBytes));
    }

    static String detail(long maxBytes) {
        return "request body is over the limit of " + maxBytes + " bytes";
    }
}
