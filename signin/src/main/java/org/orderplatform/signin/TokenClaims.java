package org.orderplatform.signin;

import org.orderplatform.web.security.AccessTokens;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What the services read from an access token besides {@code sub}: {@code roles} ({@code customer}, {@code operator},
 * or {@code service} for a client signed in as itself) and, for customers, {@code customer_id}. A person's ID token
 * carries the same, so that a web application that signs people in (the Axon dashboard) knows their roles too.
 */
@Component
class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private static final String ROLE_PREFIX = "ROLE_";
    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        if (accessToken && AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            context.getClaims().claim(AccessTokens.ROLES_CLAIM, List.of(AccessTokens.SERVICE));
            return;
        }
        if (!accessToken && !ID_TOKEN.equals(context.getTokenType())) {
            return;
        }
        List<String> roles = context.getPrincipal().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .toList();
        context.getClaims().claim(AccessTokens.ROLES_CLAIM, roles);
        if (roles.contains(DemoAccounts.CUSTOMER)) {
            // A customer's id is the user name.
            context.getClaims().claim(AccessTokens.CUSTOMER_ID_CLAIM, context.getPrincipal().getName());
        }
    }
}
