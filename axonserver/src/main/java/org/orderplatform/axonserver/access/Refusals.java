package org.orderplatform.axonserver.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.web.ProblemWriter;
import org.orderplatform.web.security.AccessTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfException;

import java.io.IOException;
import java.net.URI;

/**
 * The HTTP port's refusals, as {@code application/problem+json}: {@code 401} without valid credentials, saying which
 * ones this server takes (with {@code WWW-Authenticate: Bearer}); {@code 403} for a caller without the role, and for
 * a session's state-changing call without the CSRF token; {@code 503} with {@code Retry-After} while a bearer token
 * cannot be checked because the sign-in server's keys are out of reach. What the firewall rejects before anything
 * else looks at it, such as an encoded line break in a path, is the shared problem responses' to answer.
 */
final class Refusals implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    /** What a 503 asks a client to wait while the sign-in server's keys are out of reach. */
    private static final String RETRY_AFTER_SECONDS = "5";

    static final String CSRF_COOKIE = "XSRF-TOKEN";
    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final ProblemWriter problems;
    private final String credentialsTaken;

    Refusals(ObjectMapper json, String issuer, boolean accessTokenRequired) {
        this.problems = new ProblemWriter(json);
        this.credentialsTaken = "Sign in as an operator, or send an access token of " + issuer
                + " (Authorization: Bearer ...)"
                + (accessTokenRequired ? " or this server's access token (" + AccessControl.TOKEN_HEADER + ")" : "");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure);
        write(request, response, HttpStatus.UNAUTHORIZED, detail(failure));
    }

    private String detail(AuthenticationException failure) {
        if (failure instanceof InsufficientAuthenticationException) {
            return credentialsTaken;
        }
        if (failure instanceof OAuth2AuthenticationException refused && refused.getError().getDescription() != null) {
            return "The bearer token was refused: " + refused.getError().getDescription();
        }
        return failure.getMessage();
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication caller = contexts.getContext().getAuthentication();
        if (caller == null || caller instanceof AnonymousAuthenticationToken) {
            // The CSRF check comes before sign-in is looked at: a caller without credentials needs those first.
            commence(request, response, new InsufficientAuthenticationException(denied.getMessage(), denied));
        } else if (denied instanceof CsrfException) {
            write(request, response, HttpStatus.FORBIDDEN, request.getMethod() + " from a signed-in session needs "
                    + "the " + CSRF_HEADER + " header with the value of the " + CSRF_COOKIE + " cookie");
        } else {
            write(request, response, HttpStatus.FORBIDDEN, request.getMethod() + " " + request.getRequestURI()
                    + " needs the operator role; " + caller.getName() + " has the roles " + AccessTokens.roleNames(caller.getAuthorities()));
        }
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                    "The bearer token cannot be checked now: the sign-in server's keys are out of reach");
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
