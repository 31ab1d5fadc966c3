package org.orderplatform.flow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Hostile variants of every operation an OpenAPI description lists: for each parameter and each body field, values
 * of the wrong type, null, missing, empty, too long, too large, negative, operator objects such as {@code $gt};
 * for the body as a whole, malformed JSON, invalid UTF-8, raw control characters, deep nesting, an unknown field,
 * a body over the size limit, another content type; for path segments and query strings, traversal, NUL, CRLF and
 * brackets as a client would never encode them.
 * <p>
 * A probe is <em>malformed</em> when it breaks the description (its type, bounds, required fields or JSON itself):
 * it must be refused. The others are hostile but may be valid (a traversal as an id); they must not be a 5xx.
 * Only malformed probes carry a body, so no probe can write. A probe aimed at one field names it, for the
 * refusal's {@code detail} to name too.
 */
final class HostileInputs {

    record Probe(String operation, String variant, boolean malformed, String field, String method, String target,
                 String contentType, byte[] body) {

        @Override
        public String toString() {
            return operation + " with " + variant;
        }
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** Path segments sent raw: traversal, encoded and not, NUL, CRLF, invalid UTF-8, a semicolon, a long one. */
    private static final List<String> HOSTILE_SEGMENTS = List.of("..", "%2e%2e%2f%2e%2e", "..%2f..%2fetc%2fpasswd",
            "%00", "%0d%0aSet-Cookie:%20x=1", "%ff%fe", "..;", "a;jsessionid=1", "%252e%252e", "x".repeat(9_000));
    /** Query values sent raw after a parameter's name. */
    private static final List<String> HOSTILE_QUERY_VALUES = List.of("%00", "..%2f..", "%24ne", "%ff", "{\"$gt\":\"\"}",
            "<script>", "a%0d%0ab");
    private static final int OVER_THE_SIZE_LIMIT = 2 * 1024 * 1024;
    private static final int DEEP = 5_000;
    private static final String MARK = "\u2603sweep\u2603";

    private final JsonNode description;
    private final List<Probe> probes = new ArrayList<>();

    private HostileInputs(JsonNode description) {
        this.description = description;
    }

    /** The probes of every operation in an OpenAPI description ({@code /v3/api-docs}). */
    static List<Probe> of(JsonNode description) {
        HostileInputs inputs = new HostileInputs(description);
        description.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> {
                    if (METHODS.contains(operation.getKey())) {
                        inputs.operation(path.getKey(), operation.getKey().toUpperCase(), operation.getValue(),
                                path.getValue().path("parameters"));
                    }
                }));
        return inputs.probes;
    }

    private void operation(String path, String method, JsonNode operation, JsonNode sharedParameters) {
        List<JsonNode> parameters = new ArrayList<>();
        sharedParameters.forEach(parameter -> parameters.add(resolve(parameter)));
        operation.path("parameters").forEach(parameter -> parameters.add(resolve(parameter)));
        JsonNode bodySchema = resolve(operation.at("/requestBody/content/application~1json/schema"));
        boolean bodyRequired = operation.at("/requestBody/required").asBoolean(false);
        Request valid = new Request(method, path, parameters, bodySchema.isMissingNode() ? null : valid(bodySchema));
        String name = method + " " + path;
        boolean reads = method.equals("GET");

        for (JsonNode parameter : parameters) {
            String in = parameter.path("in").asText();
            String parameterName = parameter.path("name").asText();
            JsonNode schema = resolve(parameter.path("schema"));
            if (in.equals("path")) {
                // Without a body: a hostile id that is also valid could otherwise write.
                for (String segment : HOSTILE_SEGMENTS) {
                    add(name, "path " + parameterName + " = " + abbreviate(segment), false, null,
                            valid.withPath(parameterName, segment).withBody(null, null));
                }
                malformedValues(schema).forEach((variant, value) -> add(name, "path " + parameterName + " " + variant,
                        true, null, valid.withPath(parameterName, encode(value))));
            } else if (in.equals("query") || in.equals("header")) {
                if (parameter.path("required").asBoolean(false)) {
                    add(name, in + " " + parameterName + " missing", true, parameterName,
                            valid.without(in, parameterName));
                }
                malformedValues(schema).forEach((variant, value) -> add(name, in + " " + parameterName + " " + variant,
                        true, parameterName, valid.with(in, parameterName, value)));
                if (in.equals("query") && reads) {
                    for (String value : HOSTILE_QUERY_VALUES) {
                        add(name, "query " + parameterName + " = " + value, false, null,
                                valid.withRawQuery(parameterName + "=" + value));
                    }
                    add(name, "query " + parameterName + "[$ne]", false, null,
                            valid.withRawQuery(parameterName + "[$ne]=x"));
                    add(name, "query " + parameterName + "%5B%24ne%5D", false, null,
                            valid.withRawQuery(parameterName + "%5B%24ne%5D=x"));
                    add(name, "query " + parameterName + " twice", false, null,
                            valid.withRawQuery(parameterName + "=a&" + parameterName + "=b"));
                }
            }
        }
        if (valid.validBody != null) {
            body(name, valid, bodySchema, bodyRequired);
        }
    }

    private void body(String name, Request valid, JsonNode schema, boolean required) {
        String text = valid.validBody.toString();
        if (required) {
            add(name, "no body", true, null, valid.withBody("application/json", new byte[0]));
        }
        add(name, "body not JSON", true, null, valid.withBody("application/json", bytes("{\"a\":")));
        add(name, "body of another type", true, null, valid.withBody("application/json",
                bytes(schema.path("type").asText().equals("array") ? "{}" : "[]")));
        add(name, "body a JSON string", true, null, valid.withBody("application/json", bytes("\"x\"")));
        add(name, "body followed by more", true, null, valid.withBody("application/json", bytes(text + "{}")));
        add(name, "body nested " + DEEP + " deep", true, null,
                valid.withBody("application/json", bytes("[".repeat(DEEP) + "]".repeat(DEEP))));
        add(name, "body over the size limit", true, null, valid.withBody("application/json",
                bytes("{\"x\":\"" + "x".repeat(OVER_THE_SIZE_LIMIT) + "\"}")));
        add(name, "body as text/plain", true, null, valid.withBody("text/plain", bytes(text)));
        if (valid.validBody.isObject()) {
            add(name, "body with an operator key", true, "$where",
                    valid.withBody("application/json", bytes(withField(valid.validBody, "$where", "1 == 1"))));
        }
        String firstString = firstStringField(valid.validBody);
        if (firstString != null) {
            String marked = markFirstString(valid.validBody).toString();
            add(name, "invalid UTF-8 in " + firstString, true, null, valid.withBody("application/json",
                    replaceMark(marked, new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF})));
            add(name, "a raw control character in " + firstString, true, null, valid.withBody("application/json",
                    replaceMark(marked, new byte[]{'a', 0x01, 'b'})));
        }
        walk(valid.validBody, valid.validBody, schema, "", new ArrayList<>(), (field, variant) -> add(name,
                field.path + " " + variant.name, true, field.name, valid.withBody("application/json",
                        bytes(variant.body))));
    }

    private record Field(String path, String name) {
    }

    private record FieldVariant(String name, String body) {
    }

    /** Each field of the valid body, recursively, changed one at a time while the rest stays valid. */
    private void walk(JsonNode root, JsonNode node, JsonNode schema, String path, List<Object> pointer,
                      BiConsumer<Field, FieldVariant> sink) {
        schema = resolve(schema);
        if (node.isObject()) {
            Set<String> required = textSet(schema.path("required"));
            Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                String fieldPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                List<Object> at = append(pointer, property.getKey());
                JsonNode fieldSchema = resolve(property.getValue());
                Field field = new Field(fieldPath, property.getKey());
                if (required.contains(property.getKey())) {
                    sink.accept(field, new FieldVariant("missing", removed(root, at).toString()));
                    sink.accept(field, new FieldVariant("null", replaced(root, at, JsonNodeFactory.instance.nullNode())));
                }
                wrongValues(fieldSchema).forEach((variant, value) ->
                        sink.accept(field, new FieldVariant(variant, replaced(root, at, value))));
                walk(root, node.path(property.getKey()), fieldSchema, fieldPath, at, sink);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            walk(root, node.get(0), schema.path("items"), path + "[0]", append(pointer, 0), sink);
        }
    }

    /** Values that break a body field's schema, by what they are. */
    private Map<String, JsonNode> wrongValues(JsonNode schema) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Map<String, JsonNode> wrong = new LinkedHashMap<>();
        ObjectNode operator = nodes.objectNode().put("$gt", "");
        switch (schema.path("type").asText()) {
            case "integer" -> {
                wrong.put("as a string", nodes.textNode("1"));
                wrong.put("with a fraction", nodes.numberNode(new BigDecimal("1.5")));
                wrong.put("as 1.0", nodes.numberNode(new BigDecimal("1.0")));
                wrong.put("as a boolean", nodes.booleanNode(true));
                wrong.put("as an operator object", operator);
                wrong.put("huge", nodes.numberNode(new BigDecimal("1e400")));
                if (schema.path("format").asText().equals("int32") || schema.has("maximum")) {
                    wrong.put("beyond its range", nodes.numberNode(new BigDecimal("99999999999999999999")));
                }
                bounds(schema, wrong);
            }
            case "number" -> {
                wrong.put("as a string", nodes.textNode("1"));
                wrong.put("as a boolean", nodes.booleanNode(true));
                wrong.put("as an operator object", operator);
                bounds(schema, wrong);
            }
            case "boolean" -> {
                wrong.put("as a string", nodes.textNode("true"));
                wrong.put("as a number", nodes.numberNode(1));
            }
            case "string" -> {
                wrong.put("as a number", nodes.numberNode(12));
                wrong.put("as a boolean", nodes.booleanNode(true));
                wrong.put("as an operator object", operator);
                wrong.put("as an array", nodes.arrayNode().add("x"));
                if (schema.has("maxLength")) {
                    wrong.put("longer than " + schema.get("maxLength").asInt(),
                            nodes.textNode("x".repeat(schema.get("maxLength").asInt() + 1)));
                }
                if (schema.path("minLength").asInt(0) > 0) {
                    wrong.put("empty", nodes.textNode(""));
                }
                if (schema.has("enum")) {
                    wrong.put("not one of its values", nodes.textNode("NOT_A_VALUE"));
                }
                if (schema.has("pattern") || schema.path("format").asText().equals("email")) {
                    wrong.put("not of its pattern", nodes.textNode("not valid!"));
                }
            }
            case "array" -> {
                wrong.put("as a string", nodes.textNode("x"));
                wrong.put("as an object", nodes.objectNode());
                if (schema.path("minItems").asInt(0) > 0) {
                    wrong.put("empty", nodes.arrayNode());
                }
            }
            case "object" -> {
                wrong.put("as a string", nodes.textNode("x"));
                wrong.put("as an array", nodes.arrayNode());
            }
            default -> {
            }
        }
        return wrong;
    }

    private static void bounds(JsonNode schema, Map<String, JsonNode> wrong) {
        if (schema.has("minimum")) {
            wrong.put("below its minimum", JsonNodeFactory.instance.numberNode(
                    schema.get("minimum").decimalValue().subtract(BigDecimal.ONE)));
        }
        if (schema.has("maximum")) {
            wrong.put("above its maximum", JsonNodeFactory.instance.numberNode(
                    schema.get("maximum").decimalValue().add(BigDecimal.ONE)));
        }
    }

    /** Values that break a parameter's schema, as they are sent in a path or query. */
    private Map<String, String> malformedValues(JsonNode schema) {
        Map<String, String> wrong = new LinkedHashMap<>();
        switch (schema.path("type").asText()) {
            case "integer" -> {
                wrong.put("not a number", "abc");
                wrong.put("with a fraction", "1.5");
                wrong.put("huge", "99999999999999999999");
                if (schema.has("minimum")) {
                    wrong.put("below its minimum", schema.get("minimum").decimalValue().subtract(BigDecimal.ONE)
                            .toPlainString());
                }
                if (schema.has("maximum")) {
                    wrong.put("above its maximum", schema.get("maximum").decimalValue().add(BigDecimal.ONE)
                            .toPlainString());
                }
            }
            case "number" -> wrong.put("not a number", "abc");
            case "boolean" -> wrong.put("not a boolean", "maybe");
            case "string" -> {
                if (schema.has("enum")) {
                    wrong.put("not one of its values", "NOT_A_VALUE");
                }
                if (schema.has("maxLength")) {
                    wrong.put("longer than " + schema.get("maxLength").asInt(),
                            "x".repeat(schema.get("maxLength").asInt() + 1));
                }
            }
            default -> {
            }
        }
        return wrong;
    }

    /** A body the schema accepts: every property, each with a value of its type within its bounds. */
    private JsonNode valid(JsonNode schema) {
        schema = resolve(schema);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema.has("example")) {
            // springdoc writes an example that reads as a number as one, whatever the type it illustrates.
            JsonNode example = schema.get("example");
            return schema.path("type").asText().equals("string") ? nodes.textNode(example.asText()) : example;
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        return switch (schema.path("type").asText("object")) {
            case "integer", "number" -> nodes.numberNode(schema.has("minimum")
                    ? schema.get("minimum").decimalValue().max(BigDecimal.ONE) : BigDecimal.ONE);
            case "boolean" -> nodes.booleanNode(true);
            case "string" -> nodes.textNode(schema.path("format").asText().equals("email")
                    ? "sweep@example.com" : "sweep");
            case "array" -> nodes.arrayNode().add(valid(schema.path("items")));
            default -> {
                ObjectNode object = nodes.objectNode();
                schema.path("properties").fields().forEachRemaining(property ->
                        object.set(property.getKey(), valid(property.getValue())));
                yield object;
            }
        };
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String reference = node.get("$ref").asText();
            node = description.at(reference.substring(1));
        }
        return node;
    }

    private void add(String operation, String variant, boolean malformed, String field, Request request) {
        probes.add(new Probe(operation, variant, malformed, field, request.method, request.target(),
                request.contentType, request.body()));
    }

    /** One request to an operation: path values, query and header parameters, body; each change a copy. */
    private final class Request {

        final String method;
        final String path;
        final Map<String, String> pathValues = new LinkedHashMap<>();
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        final JsonNode validBody;
        String rawQuery;
        String contentType;
        byte[] rawBody;

        Request(String method, String path, List<JsonNode> parameters, JsonNode body) {
            this.method = method;
            this.path = path;
            this.validBody = body;
            for (JsonNode parameter : parameters) {
                String value = valid(parameter.path("schema")).asText();
                switch (parameter.path("in").asText()) {
                    case "path" -> pathValues.put(parameter.path("name").asText(), "sweep-" + value);
                    case "query" -> {
                        if (parameter.path("required").asBoolean(false)) {
                            query.put(parameter.path("name").asText(), value);
                        }
                    }
                    case "header" -> {
                        if (parameter.path("required").asBoolean(false)) {
                            headers.put(parameter.path("name").asText(), value);
                        }
                    }
                    default -> {
                    }
                }
            }
            if (body != null) {
                contentType = "application/json";
                rawBody = bytes(body.toString());
            }
        }

        private Request(Request from) {
            this.method = from.method;
            this.path = from.path;
            this.validBody = from.validBody;
            this.pathValues.putAll(from.pathValues);
            this.query.putAll(from.query);
            this.headers.putAll(from.headers);
            this.rawQuery = from.rawQuery;
            this.contentType = from.contentType;
            this.rawBody = from.rawBody;
        }

        Request withPath(String name, String rawSegment) {
            return change(copy -> copy.pathValues.put(name, rawSegment));
        }

        Request with(String in, String name, String value) {
            return change(copy -> (in.equals("query") ? copy.query : copy.headers).put(name, value));
        }

        Request without(String in, String name) {
            return change(copy -> (in.equals("query") ? copy.query : copy.headers).remove(name));
        }

        Request withRawQuery(String raw) {
            return change(copy -> copy.rawQuery = raw);
        }

        Request withBody(String type, byte[] bytes) {
            return change(copy -> {
                copy.contentType = type;
                copy.rawBody = bytes;
            });
        }

        private Request change(Consumer<Request> change) {
            Request copy = new Request(this);
            change.accept(copy);
            return copy;
        }

        String target() {
            String filled = path;
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                filled = filled.replace("{" + value.getKey() + "}", value.getValue());
            }
            List<String> pairs = new ArrayList<>();
            query.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
            if (rawQuery != null) {
                pairs.add(rawQuery);
            }
            return pairs.isEmpty() ? filled : filled + "?" + String.join("&", pairs);
        }

        /** The valid body goes only with a malformed parameter: alone it could write. */
        byte[] body() {
            return rawBody;
        }
    }

    private static String withField(JsonNode body, String name, String value) {
        ObjectNode copy = body.deepCopy();
        copy.put(name, value);
        return copy.toString();
    }

    private static String firstStringField(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    return field.getKey();
                }
            }
        }
        return null;
    }

    private static JsonNode markFirstString(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.put(firstStringField(body), MARK);
        return copy;
    }

    private static byte[] replaceMark(String json, byte[] instead) {
        int at = json.indexOf(MARK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(json.substring(0, at)));
        out.writeBytes(instead);
        out.writeBytes(bytes(json.substring(at + MARK.length())));
        return out.toByteArray();
    }

    private static JsonNode removed(JsonNode root, List<Object> pointer) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = at(copy, pointer.subList(0, pointer.size() - 1));
        ((ObjectNode) parent).remove((String) pointer.get(pointer.size() - 1));
        return copy;
    }

    private static String replaced(JsonNode root, List<Object> pointer, JsonNode value) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = at(copy, pointer.subList(0, pointer.size() - 1));
        Object last = pointer.get(pointer.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return copy.toString();
    }

    private static JsonNode at(JsonNode root, List<Object> pointer) {
        JsonNode node = root;
        for (Object step : pointer) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    private static List<Object> append(List<Object> pointer, Object step) {
        List<Object> longer = new ArrayList<>(pointer);
        longer.add(step);
        return longer;
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 12) + "… (" + value.length() + " characters)" : value;
    }
}
