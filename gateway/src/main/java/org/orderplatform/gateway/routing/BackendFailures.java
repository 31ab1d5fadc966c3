package org.orderplatform.gateway.routing;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.orderplatform.gateway.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.BiFunction;

/**
 * A service none of whose instances can be reached is a {@code 503} with {@code Retry-After}, and so is a request that
 * may be sent twice which every instance broke off; one that stops answering mid-request a {@code 504}; any other
 * broken exchange a {@code 502}, as the service may have acted on it. What a service answers itself, errors included,
 * passes through unchanged.
 */
@Component
class BackendFailures {

    private static final Logger log = LoggerFactory.getLogger(BackendFailures.class);

    private final String retryAfter;

    BackendFailures(RoutingProperties routing) {
        this.retryAfter = Problems.retryAfter(routing.retryAfter());
    }

    static boolean isBackendFailure(Throwable failure) {
        return ioCause(failure) != null;
    }

    BiFunction<Throwable, ServerRequest, ServerResponse> answer(String service) {
        return (failure, request) -> {
            IOException cause = ioCause(failure);
            log.warn("{} {} to {} failed: {}", request.method(), request.path(), service, cause.toString());
            if (unreachable(cause)) {
                return problem(request, HttpStatus.SERVICE_UNAVAILABLE, service + " cannot be reached; try again later",
                        retryAfter);
            }
            if (cause instanceof SocketTimeoutException) {
                return problem(request, HttpStatus.GATEWAY_TIMEOUT, service + " did not answer in time", null);
            }
            if (cause instanceof BrokenOffResendable) {
                return problem(request, HttpStatus.SERVICE_UNAVAILABLE, service
                        + " broke off the exchange on every instance tried; the request may be sent again later",
                        retryAfter);
            }
            return problem(request, HttpStatus.BAD_GATEWAY, service
                    + " broke off the exchange and may have acted on the request: " + cause, null);
        };
    }

    private static ServerResponse problem(ServerRequest request, HttpStatus status, String detail, String retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.path()));
        ServerResponse.BodyBuilder response = ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    /** The request never reached the service: it may go to another instance, whatever its method. */
    static boolean isUnreachable(Throwable failure) {
        IOException cause = ioCause(failure);
        return cause != null && unreachable(cause);
    }

    // Connection refused, no such host or route, no connection within the connect timeout or none free in the pool.
    private static boolean unreachable(IOException cause) {
        return cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || cause instanceof ConnectTimeoutException
                || cause instanceof ConnectionRequestTimeoutException;
    }

    /** The instance took the request and ended the exchange before answering, as when killed mid-request. */
    static boolean isBrokenOff(Throwable failure) {
        IOException cause = ioCause(failure);
        return cause != null && !unreachable(cause) && !(cause instanceof SocketTimeoutException);
    }

    /** A request that may be sent twice, broken off by the last instance it was sent to. */
    static final class BrokenOffResendable extends IOException {

        BrokenOffResendable(Throwable brokenOff) {
            super(ioCause(brokenOff).toString(), brokenOff);
        }
    }

    static IOException ioCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
