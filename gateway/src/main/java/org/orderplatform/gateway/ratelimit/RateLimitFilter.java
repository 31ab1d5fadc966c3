package org.orderplatform.gateway.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.gateway.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * Answers {@code 429} with {@code Retry-After} once a client is over the limit. A client is the subject of its token,
 * or its address while it has none; so it runs after the token is checked.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final RequestMatcher exempt;
    private final Problems problems;

    public RateLimitFilter(RateLimiter limiter, RequestMatcher exempt, Problems problems) {
        this.limiter = limiter;
        this.exempt = exempt;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return exempt.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = client(request);
        Duration wait = limiter.acquire(client);
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        Problems.retryAfter(response, wait);
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "more than " + limiter.describe() + " from "
                + client + "; retry after " + Problems.retryAfter(wait) + " s");
    }

    private static String client(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return "subject " + token.getName();
        }
        return "address " + request.getRemoteAddr();
    }
}
