package org.orderplatform.axonserver.operations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.axonserver.support.SigninServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations API where the service cannot be asked: order-command is configured at an address nothing listens
 * on. Its answers with the services running are tested with them, in the flow tests.
 */
class OperationsApiIT {

    private static final String ACCESS_TOKEN = "operations-s3cret";

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(withOrderCommandAway());

    private static Map<String, String> withOrderCommandAway() {
        Map<String, String> settings = new HashMap<>(SigninServer.trusted());
        settings.put("axonserver.access-token", ACCESS_TOKEN);
        settings.put("axonserver.suite.services.order-command", "http://127.0.0.1:" + closedPort());
        return settings;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Http asOperator() {
        return new Http(SERVER.get().httpPort()).withBearer(SigninServer.operatorToken());
    }

    @Test
    void aServiceOutOfReachIsA503WithRetryAfter() {
        Http.Response sagas = asOperator().get("/v1/operations/sagas");

        assertThat(sagas.status()).as(sagas.body()).isEqualTo(503);
        assertThat(sagas.contentType()).startsWith("application/problem+json");
        assertThat(sagas.json().get("detail").asText()).startsWith("order-command cannot be reached");
        assertThat(sagas.retryAfter()).isEqualTo("5");
    }

    @Test
    void theDeadLettersOfAServiceOutOfReachSayWhy() {
        Http.Response letters = asOperator().get("/v1/operations/dead-letters");

        assertThat(letters.status()).as(letters.body()).isEqualTo(200);
        assertThat(letters.json()).hasSize(1);
        assertThat(letters.json().get(0).get("service").asText()).isEqualTo("order-command");
        assertThat(letters.json().get(0).get("available").asBoolean()).isFalse();
        assertThat(letters.json().get(0).get("detail").asText()).contains("order-command cannot be reached");
    }

    @Test
    void aServiceNotConfiguredOrAnUnknownActionIsA404() {
        Http.Response unknownService = asOperator().post("/v1/operations/dead-letters/billing/1/retry");
        Http.Response unknownAction = asOperator().post("/v1/operations/sagas/order-1/destroy");

        assertThat(unknownService.status()).as(unknownService.body()).isEqualTo(404);
        assertThat(unknownService.json().get("detail").asText()).contains("no service 'billing' is configured");
        assertThat(unknownAction.status()).isEqualTo(404);
        assertThat(unknownAction.json().get("detail").asText()).contains("retry, expire or compensate");
    }

    @Test
    void operatesForPeopleOnly() {
        Http.Response customer = new Http(SERVER.get().httpPort())
                .withBearer(SigninServer.token(SigninServer.CUSTOMER)).get("/v1/operations/sagas");
        Http.Response serverToken = new Http(SERVER.get().httpPort()).withAccessToken(ACCESS_TOKEN)
                .get("/v1/operations/sagas");

        assertThat(customer.status()).isEqualTo(403);
        assertThat(serverToken.status()).isEqualTo(403);
        assertThat(serverToken.json().get("detail").asText()).contains("the server's own access token names nobody");
    }
}
