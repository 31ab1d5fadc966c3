package org.orderplatform.support.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.web.ProblemWriter;
import org.orderplatform.web.security.AccessTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The answers about tokens, as problems: {@code 401} without a valid token (with {@code WWW-Authenticate: Bearer}
 * saying why), {@code 403} without the role a path needs (naming it and the caller's roles), and {@code 503} with {@code Retry-After} while a
 * token cannot be checked because the sign-in server's keys are out of reach.
 */
public final class TokenProblems implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final ProblemWriter problems;
    private final String issuer;
    private final Duration retryAfter;

    public TokenProblems(ProblemWriter problems, String issuer, Duration retryAfter) {
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
        write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        StringBuilder detail = new StringBuilder(request.getMethod()).append(' ').append(request.getRequestURI())
                .append(" needs the ").append(String.join(" or ", neededRoles(denied))).append(" role");
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null) {
            detail.append("; ").append(caller.getName()).append(" has the roles ")
                    .append(AccessTokens.roleNames(caller.getAuthorities()));
        }
        write(request, response, HttpStatus.FORBIDDEN, detail.toString());
    }

    /** The roles the refused rule asks for, one of which would have done; operator when the rule does not say. */
    private static List<String> neededRoles(AccessDeniedException denied) {
        if (denied instanceof AuthorizationDeniedException refusal
                && refusal.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
            List<String> roles = AccessTokens.roleNames(decision.getAuthorities());
            if (!roles.isEmpty()) {
                return roles;
            }
        }
        return List.of(AccessTokens.OPERATOR);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            // Whole seconds, at least one: a client that waits that long may find the keys back.
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                    "the token cannot be checked now: the keys of " + issuer + " are out of reach");
        } else {
            commence(request, response, failure);
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        problems.write(response, problem);
    }
}
