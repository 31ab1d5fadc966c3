package org.orderplatform.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies over the limit before anything reads them, so an oversized request writes nothing.
 * Bodies without a declared length are refused too: every client of these services sends one.
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemWriter problems;

    RequestSizeLimitFilter(long maxBytes, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes) {
            problems.write(response, ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    "request body of " + length + " bytes is over the limit of " + maxBytes + " bytes"));
        } else if (chunked) {
            problems.write(response, ProblemDetail.forStatusAndDetail(HttpStatus.LENGTH_REQUIRED,
                    "request body must declare its Content-Length (at most " + maxBytes + " bytes)"));
        } else {
            chain.doFilter(request, response);
        }
    }
}
