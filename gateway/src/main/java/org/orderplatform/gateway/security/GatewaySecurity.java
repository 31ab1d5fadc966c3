package org.orderplatform.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.orderplatform.gateway.Problems;
import org.orderplatform.gateway.ratelimit.RateLimitFilter;
import org.orderplatform.gateway.ratelimit.RateLimiter;
import org.orderplatform.support.security.BearerTokenSecurity;
import org.orderplatform.support.security.TokenProblems;
import org.orderplatform.web.ProblemWriter;
import org.orderplatform.web.security.AccessTokens;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.time.Duration;

/**
 * Every request needs a valid access token from the sign-in server, except health and metrics; operator paths need
 * the {@code operator} role. Stateless: nothing but the bearer token identifies a caller, so there is no session and
 * no cookie to forge a request with (no CSRF protection needed).
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    @Bean
    SecurityFilterChain gateway(HttpSecurity http, Problems problems, RateLimiter limiter, ObjectMapper json,
                                JwtAuthenticationConverter roles,
                                @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                                @Value("${gateway.routing.retry-after}") Duration retryAfter) throws Exception {
        TokenProblems tokenProblems = new TokenProblems(new ProblemWriter(json), issuer, retryAfter);
        http.authorizeHttpRequests(requests -> {
            BearerTokenSecurity.probesOpenActuatorForOperators(requests);
            requests.requestMatchers(operatorPaths()).hasRole(AccessTokens.OPERATOR)
                    .anyRequest().authenticated();
        });
        BearerTokenSecurity.statelessBearerTokens(http, roles, tokenProblems)
                .addFilterAfter(new RateLimitFilter(limiter, EndpointRequest.toAnyEndpoint(), problems),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new OwnOrdersFilter(json, problems), RateLimitFilter.class);
        return http.build();
    }

    /** Product writes and {@code /admin/**}; a quote only reads prices and stock. */
    private static RequestMatcher operatorPaths() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher productWrites = new OrRequestMatcher(
                paths.matcher(HttpMethod.POST, "/products/**"),
                paths.matcher(HttpMethod.PUT, "/products/**"),
                paths.matcher(HttpMethod.PATCH, "/products/**"),
                paths.matcher(HttpMethod.DELETE, "/products/**"));
        RequestMatcher quote = paths.matcher(HttpMethod.POST, "/products/quote");
        return new OrRequestMatcher(paths.matcher("/admin/**"),
                request -> productWrites.matches(request) && !quote.matches(request));
    }
}
