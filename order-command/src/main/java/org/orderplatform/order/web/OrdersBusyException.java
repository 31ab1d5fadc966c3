package org.orderplatform.order.web;

/** As many order commands as order-command takes at once are in progress; nothing of this request was done. */
class OrdersBusyException extends RuntimeException {

    private final int retryAfterSeconds;

    OrdersBusyException(int limit, int retryAfterSeconds) {
        super("order-command has " + limit + " orders in progress, as many as it takes at once; nothing was done, "
                + "ask again after Retry-After");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
