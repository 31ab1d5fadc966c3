package org.orderplatform.axonserver.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.web.security.AccessTokens;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * The HTTP side of this server's own access token, once one is set: a request that carries it in
 * {@code AxonIQ-Access-Token} acts as an operator, for this request only; one that carries another token is refused;
 * one without the header needs other credentials. Without a token set, the header stands for nothing.
 */
final class AccessTokenFilter extends OncePerRequestFilter {

    private static final String TOKEN_HOLDER = "access-token-holder";

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final AccessControl accessControl;
    private final AuthenticationEntryPoint refusals;

    AccessTokenFilter(AccessControl accessControl, AuthenticationEntryPoint refusals) {
        this.accessControl = accessControl;
        this.refusals = refusals;
    }

    /** Requests this filter decides about, which carry no cookie to forge and so need no CSRF token. */
    static RequestMatcher presentingTheToken(AccessControl accessControl) {
        return request -> accessControl.required() && request.getHeader(AccessControl.TOKEN_HEADER) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(AccessControl.TOKEN_HEADER);
        if (token == null || !accessControl.required()) {
            chain.doFilter(request, response);
        } else if (accessControl.admits(token)) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(new PreAuthenticatedAuthenticationToken(TOKEN_HOLDER, null,
                    List.of(AccessTokens.role(AccessTokens.OPERATOR))));
            contexts.setContext(context);
            chain.doFilter(request, response);
        } else {
            refusals.commence(request, response, new BadCredentialsException(
                    "The " + AccessControl.TOKEN_HEADER + " header does not hold this server's access token"));
        }
    }
}
