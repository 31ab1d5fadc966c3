package org.orderplatform.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.gateway.KeptBody;
import org.orderplatform.gateway.Problems;
import org.orderplatform.support.security.Caller;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A customer places orders for themself: {@code POST /orders} naming another {@code customerId} than the token's
 * {@code customer_id} is refused here with a {@code 403}. Operators and services may name any customer. The body is
 * read once and handed on unchanged; a body that is no JSON object with a {@code customerId} is left to the service.
 */
final class OwnOrdersFilter extends OncePerRequestFilter {

    // The services refuse larger bodies as well (support.max-request-size).
    private static final int MAX_BODY = 1024 * 1024;

    private final RequestMatcher placeOrder = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/orders");
    private final ObjectMapper json;
    private final Problems problems;

    OwnOrdersFilter(ObjectMapper json, Problems problems) {
        this.json = json;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !placeOrder.matches(request) || !customerOnly();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE,
                    "an order may have at most " + MAX_BODY + " bytes");
            return;
        }
        String own = Caller.current().customerId();
        String named = customerIdIn(body);
        if (named != null && !named.equals(own)) {
            problems.write(request, response, HttpStatus.FORBIDDEN,
                    "a customer places orders for themself: the token is " + own + "'s, the order names " + named);
            return;
        }
        chain.doFilter(new KeptBody(request, body), response);
    }

    /** A caller who is a customer and nothing more, limited to their own orders. */
    private static boolean customerOnly() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken
                && Caller.current().customerOnly();
    }

    private String customerIdIn(byte[] body) {
        try {
            JsonNode customerId = json.readTree(body).path("customerId");
            return customerId.isTextual() ? customerId.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
