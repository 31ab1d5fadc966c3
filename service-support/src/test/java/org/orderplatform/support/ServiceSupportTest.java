package org.orderplatform.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"support.max-request-size=2KB", "management.endpoint.health.show-details=when-authorized",
                "management.endpoint.health.roles=operator", "management.endpoints.web.exposure.include=health,info"})
class ServiceSupportTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final String ALICE = SIGNIN.token("alice");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InetSocketAddress address = MONGO.bind();
        registry.add("spring.data.mongodb.uri", () -> "mongodb://127.0.0.1:" + address.getPort() + "/support");
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", SIGNIN::jwkSetUri);
    }

    @AfterAll
    static void stopSignin() {
        SIGNIN.close();
    }

    private Answer post(String body) {
        return RestClient.create("http://localhost:" + port).post().uri("/greetings")
                .headers(headers -> headers.setBearerAuth(ALICE))
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> new Answer(response.getStatusCode(),
                        response.getHeaders().getContentType(), new String(response.getBody().readAllBytes())));
    }

    record Answer(HttpStatusCode status, MediaType type, String body) {

        Map<?, ?> json() throws IOException {
            return new ObjectMapper().readValue(body, Map.class);
        }
    }

    @Test
    void acceptsAGoodRequest() {
        assertThat(post("{\"name\":\"ada\",\"times\":2}").body()).isEqualTo("hello ada hello ada");
    }

    @Test
    void explainsMalformedJson() {
        Answer answer = post("{\"name\":");

        assertThat(answer.status().value()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body()).contains("malformed JSON");
    }

    @Test
    void namesTheFieldOfTheWrongType() {
        Answer answer = post("{\"name\":\"ada\",\"times\":\"often\"}");

        assertThat(answer.status().value()).isEqualTo(400);
        assertThat(answer.body()).contains("\"detail\":\"times: must be an integer\"");
    }

    @Test
    void bindsTheBodyAsItsTypesSayWithoutCoercionOrUnknownFields() {
        assertThat(post("{\"name\":\"ada\",\"times\":\"2\"}").body()).contains("times: must be an integer");
        assertThat(post("{\"name\":\"ada\",\"times\":2.0}").body()).contains("times: must be an integer, was 2.0");
        assertThat(post("{\"name\":7,\"times\":2}").body()).contains("name: must be a string, was 7");
        assertThat(post("{\"name\":\"ada\",\"times\":2,\"$where\":1}").body())
                .contains("$where: unknown field; known: name, times");
        assertThat(post("{\"name\":\"ada\",\"name\":\"bob\",\"times\":2}").body()).contains("Duplicate field 'name'");
    }

    /** What Tomcat and the firewall refuse before any controller, sent raw as no ordinary client would. */
    @Test
    void answersWhatTheContainerRefusesAsAProblem() throws IOException {
        for (String target : List.of("/greetings?name[$ne]=x", "/customers/%2e%2e%2f/greeting", "/customers/..;/greeting",
                "/customers/%00/greeting")) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + ALICE + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).as(target).startsWith("HTTP/1.1 400")
                        .containsIgnoringCase("Content-Type: application/problem+json")
                        .contains("\"status\":400,\"detail\":\"");
            }
        }
    }

    @Test
    void passesOnWhatARecordRefuses() {
        Answer answer = post("{\"name\":\"nobody\",\"times\":1}");

        assertThat(answer.status().value()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body()).contains("\"detail\":\"name must be somebody\"");
    }

    @Test
    void listsEveryFailedValidation() {
        Answer answer = post("{\"name\":\" \",\"times\":-1}");

        assertThat(answer.status().value()).isEqualTo(400);
        assertThat(answer.body()).contains("name must not be blank").contains("times must be greater than 0");
    }

    @Test
    void refusesABodyOverTheLimitBeforeReadingIt() {
        Answer answer = post("{\"name\":\"" + "a".repeat(3000) + "\",\"times\":1}");

        assertThat(answer.status().value()).isEqualTo(413);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body()).contains("over the limit of 2048 bytes");
    }

    @Test
    void refusesAChunkedBodyOverTheLimitWhileReadingIt() {
        byte[] body = ("{\"name\":\"" + "a".repeat(3000) + "\",\"times\":1}").getBytes();
        Answer answer = RestClient.create("http://localhost:" + port).post().uri("/greetings")
                .headers(headers -> headers.setBearerAuth(ALICE))
                .contentType(MediaType.APPLICATION_JSON)
                .body(output -> output.write(body))
                .exchange((request, response) -> new Answer(response.getStatusCode(),
                        response.getHeaders().getContentType(), new String(response.getBody().readAllBytes())));

        assertThat(answer.status().value()).isEqualTo(413);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body()).contains("over the limit of 2048 bytes");
    }

    @Test
    void acceptsAChunkedBodyWithinTheLimit() {
        byte[] body = "{\"name\":\"ada\",\"times\":1}".getBytes();
        String answer = RestClient.create("http://localhost:" + port).post().uri("/greetings")
                .headers(headers -> headers.setBearerAuth(ALICE))
                .contentType(MediaType.APPLICATION_JSON)
                .body(output -> output.write(body))
                .retrieve().body(String.class);

        assertThat(answer).isEqualTo("hello ada");
    }

    @Test
    void reportsMongoHealthByPingToOperatorsAndOnlyTheStatusToAnyone() throws IOException {
        Map<?, ?> health = get("/actuator/health", SIGNIN.token("olivia")).json();
        Map<?, ?> anonymous = get("/actuator/health", null).json();

        assertThat(health.get("status")).isEqualTo("UP");
        Map<?, ?> mongo = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("mongo");
        assertThat(mongo.get("status")).isEqualTo("UP");
        assertThat(anonymous).isEqualTo(Map.of("status", "UP"));
    }

    @Test
    void refusesARequestWithoutAValidTokenAsAProblem() {
        Answer missing = get("/customers/alice/greeting", null);
        Answer forged = get("/customers/alice/greeting", ALICE.substring(0, ALICE.length() - 4) + "AAAA");

        assertThat(missing.status().value()).isEqualTo(401);
        assertThat(missing.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(missing.body()).contains("an access token from http://localhost:9000 is required");
        assertThat(forged.status().value()).isEqualTo(401);
        assertThat(forged.body()).contains("the bearer token was refused");
    }

    @Test
    void letsACustomerReachOnlyTheirOwnAndOperatorsAndServicesAnyone() {
        Answer own = get("/customers/alice/greeting", ALICE);
        Answer another = get("/customers/bob/greeting", ALICE);
        Answer operator = get("/customers/bob/greeting", SIGNIN.token("olivia"));
        Answer service = get("/customers/bob/greeting", SIGNIN.serviceToken());

        assertThat(own.body()).isEqualTo("hello alice");
        assertThat(another.status().value()).isEqualTo(403);
        assertThat(another.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(another.body()).contains("customer bob's greeting belongs to another customer than alice");
        assertThat(operator.body()).isEqualTo("hello bob");
        assertThat(service.body()).isEqualTo("hello bob");
    }

    @Test
    void keepsAdminPathsAndTheActuatorForOperators() {
        Answer customer = get("/admin/greetings", ALICE);
        Answer operator = get("/admin/greetings", SIGNIN.token("olivia"));
        Answer beans = get("/actuator/info", ALICE);

        assertThat(customer.status().value()).isEqualTo(403);
        assertThat(customer.body()).contains("GET /admin/greetings needs the operator role");
        assertThat(operator.body()).isEqualTo("3 greetings");
        assertThat(beans.status().value()).isEqualTo(403);
    }

    private Answer get(String path, String token) {
        return RestClient.create("http://localhost:" + port).get().uri(path)
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .exchange((request, response) -> new Answer(response.getStatusCode(),
                        response.getHeaders().getContentType(), new String(response.getBody().readAllBytes())));
    }

    @Test
    void describesTheApiAsOpenApiWithAUi() {
        Map<?, ?> description = RestClient.create("http://localhost:" + port).get().uri("/v3/api-docs")
                .retrieve().body(Map.class);
        String ui = RestClient.create("http://localhost:" + port).get().uri("/swagger-ui/index.html")
                .retrieve().body(String.class);

        assertThat(((Map<?, ?>) description.get("paths")).containsKey("/greetings")).isTrue();
        assertThat(ui).contains("Swagger UI");
    }
}
