package org.orderplatform.gateway.routing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.gateway.KeptBody;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

import java.io.IOException;
import java.util.Set;

/**
 * Keeps in memory the body of a request the gateway may have to send to a second instance: one of RFC 9110's idempotent
 * methods, or one carrying an {@code Idempotency-Key}. The proxy streams every other body straight through; so does a
 * body of unknown length or over {@value #KEPT_BODY_LIMIT} bytes, whose request is then never sent twice.
 */
@Component
class ResendableBodies extends OncePerRequestFilter {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    // The services refuse larger bodies (support.max-request-size).
    static final int KEPT_BODY_LIMIT = 1024 * 1024;

    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    static boolean hasIdempotentMethod(HttpServletRequest request) {
        return IDEMPOTENT_METHODS.contains(request.getMethod());
    }

    static boolean hasIdempotencyKey(HttpServletRequest request) {
        return request.getHeader(IDEMPOTENCY_KEY) != null;
    }

    /** Whether the request's body can be sent again: there is none, or this filter kept it. */
    static boolean canResend(HttpServletRequest request) {
        return WebUtils.getNativeRequest(request, KeptBody.class) != null
                || request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
    }

    /** Makes the kept body, if any, readable from its start again, for the next instance. */
    static void rewind(HttpServletRequest request) {
        KeptBody kept = WebUtils.getNativeRequest(request, KeptBody.class);
        if (kept != null) {
            kept.rewind();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean keptAlready = WebUtils.getNativeRequest(request, KeptBody.class) != null;
        if (!keptAlready && length > 0 && length <= KEPT_BODY_LIMIT
                && (hasIdempotentMethod(request) || hasIdempotencyKey(request))) {
            chain.doFilter(new KeptBody(request, request.getInputStream().readAllBytes()), response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
