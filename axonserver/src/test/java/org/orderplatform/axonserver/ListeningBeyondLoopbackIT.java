package org.orderplatform.axonserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.RawClient;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An open server (no access token) listens on loopback only; beyond it, it starts only with a token. These are the
 * only tests that listen on every interface, on free ports.
 */
class ListeningBeyondLoopbackIT {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String TOKEN = "every-interface-token";

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void refusesToStartWhenGrpcWouldListenBeyondLoopbackWithoutAnAccessToken(String address) {
        assertThatThrownBy(() -> start(address, LOOPBACK, ""))
                .rootCause()
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, refusal -> {
                    assertThat(refusal.getName()).isEqualTo("axonserver.address");
                    assertThat(refusal.getReason()).contains("gRPC port would listen on " + address,
                            "AXONSERVER_ACCESS_TOKEN");
                });
    }

    @Test
    void refusesToStartWhenHttpWouldListenBeyondLoopbackWithoutAnAccessToken() {
        assertThatThrownBy(() -> start(LOOPBACK, "0.0.0.0", ""))
                .rootCause()
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, refusal -> {
                    assertThat(refusal.getName()).isEqualTo("server.address");
                    assertThat(refusal.getReason()).contains("HTTP port would listen on 0.0.0.0",
                            "AXONSERVER_ACCESS_TOKEN");
                });
    }

    @Test
    void listensOnEveryInterfaceWithAnAccessTokenAndAdmitsOnlyCallsThatCarryIt() {
        try (EmbeddedAxonServer server = start("0.0.0.0", "0.0.0.0", TOKEN)) {
            Http http = new Http(server.httpPort());
            assertThat(http.get("/v1/status").status()).isEqualTo(401);
            assertThat(http.withAccessToken(TOKEN).get("/v1/status").status()).isEqualTo(200);
            try (RawClient client = new RawClient(server.grpcPort(), "probe", "probe-1", TOKEN)) {
                assertThat(client.lastToken()).isEqualTo(-1);
            }
        }
    }

    private EmbeddedAxonServer start(String grpcAddress, String httpAddress, String accessToken) {
        return EmbeddedAxonServer.run(List.of(
                "--axonserver.data-dir=" + dataDir,
                "--axonserver.grpc-port=0",
                "--axonserver.address=" + grpcAddress,
                "--axonserver.access-token=" + accessToken,
                "--server.port=0",
                "--server.address=" + httpAddress));
    }
}
