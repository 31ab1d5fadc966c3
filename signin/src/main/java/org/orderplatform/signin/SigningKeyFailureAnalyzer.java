package org.orderplatform.signin;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unusable signing key file as Spring Boot's start-failure report rather than a stack trace. */
class SigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<UnusableSigningKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnusableSigningKeyException cause) {
        return new FailureAnalysis(cause.getMessage(), "Point " + cause.setting() + " at a file this process can read"
                + " that holds an RSA private key in PKCS#8 PEM, as `openssl genpkey -algorithm RSA -pkeyopt"
                + " rsa_keygen_bits:2048` writes it, or leave it unset.", cause);
    }
}
