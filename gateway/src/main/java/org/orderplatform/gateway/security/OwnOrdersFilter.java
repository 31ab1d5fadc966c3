package org.orderplatform.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.gateway.Problems;
import org.orderplatform.support.security.Caller;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

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
        chain.doFilter(new ReadRequest(request, body), response);
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

    /** The request with its body already read, served again from memory. */
    private static final class ReadRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final ServletInputStream stream;

        ReadRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.stream = replay(body);
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        private static ServletInputStream replay(byte[] body) {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already, synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null
                    ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
