package org.orderplatform.gateway;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.time.Instant;
import java.util.List;

/** The real sign-in server of the suite, on an ephemeral port, and the forged tokens the tests need beside its own. */
final class SigninServer implements AutoCloseable {

    /** The issuer the sign-in server names by default, and the gateway expects by default. */
    static final String ISSUER = EmbeddedSignin.ISSUER;

    private final EmbeddedSignin signin;

    private SigninServer(EmbeddedSignin signin) {
        this.signin = signin;
    }

    static SigninServer start() {
        return new SigninServer(EmbeddedSignin.start());
    }

    String jwkSetUri() {
        return signin.jwkSetUri();
    }

    String token(String user) {
        return signin.token(user);
    }

    String serviceToken() {
        return signin.serviceToken();
    }

    /** A token signed with the sign-in server's own key, with claims the server itself would never issue. */
    String signedByTheServer(String issuer, Instant issuedAt, Instant expiresAt) {
        @SuppressWarnings("unchecked")
        JWKSource<SecurityContext> keys = (JWKSource<SecurityContext>) signin.context().getBeanProvider(
                ResolvableType.forClassWithGenerics(JWKSource.class, SecurityContext.class)).getObject();
        return sign(keys, issuer, issuedAt, expiresAt);
    }

    /** A well-formed token naming the right issuer, signed with a key the sign-in server does not have. */
    static String signedElsewhere() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("foreign").generate();
        Instant now = Instant.now();
        return sign(new ImmutableJWKSet<>(new JWKSet(foreign)), ISSUER, now, now.plusSeconds(600));
    }

    private static String sign(JWKSource<SecurityContext> keys, String issuer, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject("alice")
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim("roles", List.of("customer"))
                .claim("customer_id", "alice")
                .build();
        return new NimbusJwtEncoder(keys)
                .encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    @Override
    public void close() {
        signin.close();
    }
}
