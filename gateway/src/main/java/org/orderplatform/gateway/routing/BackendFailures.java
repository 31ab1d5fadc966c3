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
 * A service none of whose instances can be reached is a {@code 503} with {@code Retry-After}; one that stops
 * answering mid-request a {@code 504}; any other broken exchange a {@code 502}. The last two are not tried on another
 * instance: the first may have acted on the request. What a service answers itself, errors included, passes through
 * unchanged.
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
            return problem(request, HttpStatus.BAD_GATEWAY, service + " broke off the exchange: " + cause, null);
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

    static IOException ioCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
