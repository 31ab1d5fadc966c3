package org.orderplatform.signin;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The key tokens are signed with: read from {@value #CURRENT}, so that tokens outlive a restart and every instance
 * signs alike, or made at start when that is unset. {@code /oauth2/jwks} publishes it and, during a rotation, the key
 * of {@value #PREVIOUS}, which is no longer signed with but still checks the tokens signed before.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeys {

    /** The settings as the messages name them: the variable an operator sets, and the property it fills. */
    private static final String CURRENT = "SIGNIN_SIGNING_PEM_FILE (signin.signing.pem-file)";
    private static final String PREVIOUS = "SIGNIN_PREVIOUS_SIGNING_PEM_FILE (signin.signing.previous-pem-file)";

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    @Bean
    RSAKey signingKey(@Value("${signin.signing.pem-file:}") String pemFile) {
        if (pemFile.isBlank()) {
            log.warn("{} is unset: signing with a key made at start, so the tokens issued stop verifying when this"
                    + " process ends", CURRENT);
            return SigningKeyFile.madeAtStart();
        }
        RSAKey key = SigningKeyFile.read(Path.of(pemFile), CURRENT);
        log.info("Signing with key {} of {}", key.getKeyID(), pemFile);
        return key;
    }

    /** What {@code /oauth2/jwks} publishes and the user info endpoint checks tokens with. */
    @Bean
    JWKSource<SecurityContext> jwkSource(RSAKey signingKey,
                                         @Value("${signin.signing.previous-pem-file:}") String previousPemFile) {
        List<JWK> keys = new ArrayList<>(List.of(signingKey));
        if (!previousPemFile.isBlank()) {
            RSAKey previous = SigningKeyFile.read(Path.of(previousPemFile), PREVIOUS).toPublicJWK();
            log.info("Publishing previous key {} of {} besides, to check tokens signed before", previous.getKeyID(),
                    previousPemFile);
            keys.add(previous);
        }
        return new ImmutableJWKSet<>(new JWKSet(keys));
    }

    /** Signs with the current key alone: given two keys that fit, the encoder refuses to choose. */
    @Bean
    JwtEncoder jwtEncoder(RSAKey signingKey) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    }
}
