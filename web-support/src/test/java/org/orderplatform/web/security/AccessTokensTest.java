package org.orderplatform.web.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokensTest {

    @Test
    void aTokensRolesBecomeSpringSecurityRolesAndTheirNamesComeBack() {
        Jwt token = token(List.of(AccessTokens.OPERATOR, AccessTokens.CUSTOMER));

        List<GrantedAuthority> authorities = List.copyOf(AccessTokens.roles().convert(token).getAuthorities());

        assertThat(authorities).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_operator", "ROLE_customer");
        assertThat(AccessTokens.roleNames(authorities)).containsExactly("customer", "operator");
    }

    @Test
    void aTokenWithoutRolesHasNone() {
        Jwt token = Jwt.withTokenValue("t").header("alg", "RS256").subject("someone").build();

        assertThat(AccessTokens.authorities(token)).isEmpty();
    }

    @Test
    void authoritiesThatAreNoRolesHaveNoRoleNames() {
        List<GrantedAuthority> authorities = List.of(AccessTokens.role("service"), () -> "SCOPE_openid");

        assertThat(AccessTokens.roleNames(authorities)).containsExactly("service");
    }

    private static Jwt token(List<String> roles) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("olivia")
                .claim(AccessTokens.ROLES_CLAIM, roles).build();
    }
}
