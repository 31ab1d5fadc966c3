package org.orderplatform.flow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.orderplatform.flow.suite.HostileInputs.Probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The probes an OpenAPI description gives: one family per parameter and field, none that could write. */
class HostileInputsTest {

    private static final String DESCRIPTION = """
            {"paths": {
              "/orders": {
                "post": {"requestBody": {"required": true,
                           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Place"}}}}},
                "get": {"parameters": [
                  {"name": "page", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 0}},
                  {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["PENDING", "CONFIRMED"]}}]}
              },
              "/orders/{orderId}": {
                "get": {"parameters": [{"name": "orderId", "in": "path", "required": true,
                                         "schema": {"type": "string"}}]}
              }},
             "components": {"schemas": {
               "Place": {"type": "object", "required": ["customerId", "items"], "properties": {
                 "customerId": {"type": "string", "maxLength": 100},
                 "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Item"}}}},
               "Item": {"type": "object", "required": ["quantity"], "properties": {
                 "quantity": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000}}}}}}
            """;

    private final List<Probe> probes = HostileInputs.of(read(DESCRIPTION));

    @Test
    void everyBodyFieldIsProbedWithTheRestOfTheBodyValid() {
        Probe quantityAsText = probe("POST /orders", "items[0].quantity as a string");

        assertThat(quantityAsText.malformed()).isTrue();
        assertThat(quantityAsText.field()).isEqualTo("quantity");
        assertThat(read(new String(quantityAsText.body(), StandardCharsets.UTF_8)))
                .isEqualTo(read("{\"customerId\":\"sweep\",\"items\":[{\"quantity\":\"1\"}]}"));
        assertThat(probes).extracting(Probe::variant).contains("customerId missing", "customerId null",
                "customerId longer than 100", "customerId as an operator object", "items empty", "items as a string",
                "items[0].quantity below its minimum", "items[0].quantity above its maximum",
                "items[0].quantity with a fraction", "items[0].quantity beyond its range",
                "invalid UTF-8 in customerId", "body nested 5000 deep", "body over the size limit",
                "body with an operator key", "no body");
    }

    @Test
    void invalidUtf8IsSentAsBytesNoEncoderWouldWrite() {
        byte[] body = probe("POST /orders", "invalid UTF-8 in customerId").body();

        assertThat(new String(body, StandardCharsets.ISO_8859_1)).contains("\"customerId\":\"\u00c3(\u00ff\"");
    }

    @Test
    void parametersBreakTheirSchemaAndPathsAndQueriesGoOutRaw() {
        assertThat(probe("GET /orders", "query page below its minimum").target()).isEqualTo("/orders?page=-1");
        assertThat(probe("GET /orders", "query page with a fraction").malformed()).isTrue();
        assertThat(probe("GET /orders", "query status not one of its values").target())
                .isEqualTo("/orders?status=NOT_A_VALUE");
        assertThat(probe("GET /orders", "query status[$ne]").target()).isEqualTo("/orders?status[$ne]=x");
        assertThat(probe("GET /orders/{orderId}", "path orderId = %2e%2e%2f%2e%2e").target())
                .isEqualTo("/orders/%2e%2e%2f%2e%2e");
    }

    @Test
    void onlyMalformedProbesCarryABodySoNoneCanWrite() {
        assertThat(probes).isNotEmpty()
                .filteredOn(probe -> probe.body() != null && probe.body().length > 0)
                .allMatch(Probe::malformed);
        assertThat(probes).filteredOn(probe -> !probe.malformed()).isNotEmpty()
                .allMatch(probe -> probe.body() == null);
    }

    private Probe probe(String operation, String variant) {
        return probes.stream()
                .filter(probe -> probe.operation().equals(operation) && probe.variant().equals(variant))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no probe '" + variant + "' of " + operation + " in " + probes));
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
