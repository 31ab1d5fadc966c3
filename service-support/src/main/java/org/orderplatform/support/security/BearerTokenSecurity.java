package org.orderplatform.support.security;

import jakarta.servlet.DispatcherType;
import org.orderplatform.web.security.AccessTokens;
import org.orderplatform.web.security.BearerTokenFailures;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * What the gateway's and the services' filter chains share: stateless bearer tokens, where nothing but the token
 * identifies a caller (no session, no cookie to forge a request with, so no CSRF protection needed), with every
 * refusal a problem; probes open, the rest of the actuator for operators.
 */
public final class BearerTokenSecurity {

    private BearerTokenSecurity() {
    }

    public static HttpSecurity statelessBearerTokens(HttpSecurity http, JwtAuthenticationConverter roles,
                                                     TokenProblems problems) throws Exception {
        return http.oauth2ResourceServer(tokens -> tokens
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // Keys out of reach are an outage: a 503 rather than the default 500.
                        .withObjectPostProcessor(BearerTokenFailures.answeredBy(problems)))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable);
    }

    /** Error dispatches and the probes (health, metrics) open; the actuator's other endpoints for operators. */
    public static void probesOpenActuatorForOperators(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class)).permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(AccessTokens.OPERATOR);
    }
}
