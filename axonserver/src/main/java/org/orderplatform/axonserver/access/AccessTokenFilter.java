package org.orderplatform.axonserver.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;

/**
 * The HTTP side of access control. The JSON API under {@code /v1} reads events and sends instructions, so it answers
 * only requests that carry the access token. Health, metrics and the dashboard's static pages stay open, but health
 * shows its details ({@code show-details: when-authorized}) only to a request that carries the token, which this
 * filter marks with a principal; an open server marks every request, so everyone sees them.
 */
@Component
class AccessTokenFilter extends OncePerRequestFilter {

    private static final String API = "/v1";
    private static final Principal TOKEN_HOLDER = () -> "access-token-holder";

    /**
     * Looked up per request rather than injected: Tomcat creates its filters while it starts, and a server refused
     * for listening beyond loopback without a token should fail as a setting, not as a Tomcat that cannot start.
     */
    private final ObjectProvider<AccessControl> accessControl;
    private final ObjectMapper json;

    AccessTokenFilter(ObjectProvider<AccessControl> accessControl, ObjectMapper json) {
        this.accessControl = accessControl;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(AccessControl.TOKEN_HEADER);
        if (accessControl.getObject().admits(token)) {
            chain.doFilter(new TokenHolderRequest(request), response);
        } else if (isApi(request)) {
            refuse(request, response, token == null
                    ? "This server's JSON API needs its access token in the " + AccessControl.TOKEN_HEADER + " header"
                    : "The " + AccessControl.TOKEN_HEADER + " header does not hold this server's access token");
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The path as the container mapped it: decoded and normalised, so no spelling of {@code /v1} slips past. */
    private static boolean isApi(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.equals(API) || path.startsWith(API + "/");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, AccessControl.TOKEN_HEADER);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static final class TokenHolderRequest extends HttpServletRequestWrapper {

        TokenHolderRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return TOKEN_HOLDER;
        }
    }
}
