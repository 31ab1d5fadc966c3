package org.orderplatform.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"support.max-request-size=2KB", "management.endpoint.health.show-details=always"})
class ServiceSupportTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InetSocketAddress address = MONGO.bind();
        registry.add("spring.data.mongodb.uri", () -> "mongodb://127.0.0.1:" + address.getPort() + "/support");
    }

    private Answer post(String body) {
        return RestClient.create("http://localhost:" + port).post().uri("/greetings")
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> new Answer(response.getStatusCode(),
                        response.getHeaders().getContentType(), new String(response.getBody().readAllBytes())));
    }

    record Answer(HttpStatusCode status, MediaType type, String body) {
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
        assertThat(answer.body()).contains("times: Cannot deserialize value of type `int`");
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
                .contentType(MediaType.APPLICATION_JSON)
                .body(output -> output.write(body))
                .retrieve().body(String.class);

        assertThat(answer).isEqualTo("hello ada");
    }

    @Test
    void reportsMongoHealthByPing() {
        Map<?, ?> health = RestClient.create("http://localhost:" + port).get().uri("/actuator/health")
                .retrieve().body(Map.class);

        assertThat(health.get("status")).isEqualTo("UP");
        Map<?, ?> mongo = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("mongo");
        assertThat(mongo.get("status")).isEqualTo("UP");
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
