package org.orderplatform.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.orderplatform.gateway.Problems;
import org.orderplatform.gateway.ratelimit.RateLimitFilter;
import org.orderplatform.gateway.ratelimit.RateLimiter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
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

    static final String OPERATOR = "operator";
    static final String CUSTOMER = "customer";

    @Bean
    SecurityFilterChain gateway(HttpSecurity http, Problems problems, RateLimiter limiter, ObjectMapper json,
                                OAuth2ResourceServerProperties resourceServer,
                                @Value("${gateway.routing.retry-after}") Duration retryAfter) throws Exception {
        TokenProblems tokenProblems = new TokenProblems(problems, resourceServer.getJwt().getIssuerUri(), retryAfter);
        RequestMatcher probes = EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class);
        http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(probes).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(OPERATOR)
                        .requestMatchers(operatorPaths()).hasRole(OPERATOR)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(tokens -> tokens
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(tokenProblems)
                        .accessDeniedHandler(tokenProblems)
                        // Keys out of reach are an outage, not a bad token: a 503 rather than the default 500.
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(tokenProblems);
                                return filter;
                            }
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(tokenProblems)
                        .accessDeniedHandler(tokenProblems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable)
                .addFilterAfter(new RateLimitFilter(limiter, EndpointRequest.toAnyEndpoint(), problems),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new OwnOrdersFilter(json, problems), RateLimitFilter.class);
        return http.build();
    }

    /** Fetching the sign-in server's keys gives up as a call to a service does, rather than holding requests. */
    @Bean
    JwkSetUriJwtDecoderBuilderCustomizer keyFetchTimeouts(RestTemplateBuilder restTemplates) {
        return decoder -> decoder.restOperations(restTemplates.build());
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
