package org.orderplatform.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.orderplatform.web.ProblemWriter;
import org.orderplatform.web.security.AccessTokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Duration;

/**
 * Every service is an OAuth2 resource server: each request needs a valid access token of the sign-in server, except
 * health, metrics and the API description; the actuator's other endpoints and {@code /admin/**} need the operator
 * role; the service adds its own rules ({@link ServiceAuthorization}) and checks whose data a customer asks for
 * ({@link Caller}). Stateless ({@link BearerTokenSecurity}).
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServiceSecurityAutoConfiguration {

    private final String issuer;
    private final String jwkSetUri;

    ServiceSecurityAutoConfiguration(
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:http://localhost:9000}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri) {
        this.issuer = issuer;
        this.jwkSetUri = jwkSetUri.isBlank() ? issuer + "/oauth2/jwks" : jwkSetUri;
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(RestTemplateBuilder http,
                          @Value("${support.security.key-fetch-timeout:2s}") Duration keyFetchTimeout) {
        return AccessTokens.decoder(issuer, jwkSetUri,
                http.connectTimeout(keyFetchTimeout).readTimeout(keyFetchTimeout).build());
    }

    @Bean
    @ConditionalOnMissingBean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        return AccessTokens.roles();
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain serviceSecurity(HttpSecurity http, ObjectMapper json, JwtAuthenticationConverter roles,
                                        ObjectProvider<ServiceAuthorization> serviceRules,
                                        @Value("${support.security.retry-after:5s}") Duration retryAfter)
            throws Exception {
        TokenProblems tokenProblems = new TokenProblems(new ProblemWriter(json), issuer, retryAfter);
        http.authorizeHttpRequests(requests -> {
            BearerTokenSecurity.probesOpenActuatorForOperators(requests);
            requests.requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                    .requestMatchers("/admin/**").hasRole(AccessTokens.OPERATOR);
            serviceRules.orderedStream().forEach(rules -> rules.authorize(requests));
            requests.anyRequest().authenticated();
        });
        BearerTokenSecurity.statelessBearerTokens(http, roles, tokenProblems);
        return http.build();
    }
}
