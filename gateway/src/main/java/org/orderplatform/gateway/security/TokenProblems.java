package org.orderplatform.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.gateway.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;
import java.time.Duration;

/**
 * The answers about tokens, as problems: {@code 401} without a valid token (with {@code WWW-Authenticate: Bearer}
 * saying why), {@code 403} on an operator path without the role, and {@code 503} with {@code Retry-After} while a
 * token cannot be checked because the sign-in server's keys are out of reach.
 */
final class TokenProblems implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final Problems problems;
    private final String issuer;
    private final Duration retryAfter;

    TokenProblems(Problems problems, String issuer, Duration retryAfter) {
        this.problems = problems;
        this.issuer = issuer;
        this.retryAfter = retryAfter;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure);
        String detail = failure instanceof OAuth2AuthenticationException refused
                && refused.getError().getDescription() != null
                ? "the bearer token was refused: " + refused.getError().getDescription()
                : "an access token from " + issuer + " is required (Authorization: Bearer ...)";
        problems.write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        problems.write(request, response, HttpStatus.FORBIDDEN,
                request.getMethod() + " " + request.getRequestURI() + " needs the " + GatewaySecurity.OPERATOR
                        + " role");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            Problems.retryAfter(response, retryAfter);
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                    "the token cannot be checked now: the keys of " + issuer + " are out of reach");
        } else {
            commence(request, response, failure);
        }
    }
}
