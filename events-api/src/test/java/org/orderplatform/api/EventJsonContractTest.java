package org.orderplatform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the JSON of every event as Axon stores it and Kafka carries it. A renamed, moved or dropped field fails
 * here; change a shape with a {@code @Revision} and an upcaster, then add the new golden file.
 */
class EventJsonContractTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Serializer SERIALIZER = JacksonSerializer.defaultSerializer();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Object> samples() {
        return EventSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void serializesToItsGoldenJson(Object event) throws IOException {
        SerializedObject<String> serialized = SERIALIZER.serialize(event, String.class);

        assertThat(JSON.readTree(serialized.getData()))
                .as("JSON of %s", event.getClass().getName())
                .isEqualTo(golden(event.getClass()));
        assertThat(serialized.getType().getName()).isEqualTo(event.getClass().getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsItsGoldenJsonBack(Object event) {
        String stored = golden(event.getClass()).toString();
        var serialized = new SimpleSerializedObject<>(stored, String.class,
                new SimpleSerializedType(event.getClass().getName(), null));

        Object read = SERIALIZER.deserialize(serialized);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void everyEventHasASampleAndEveryGoldenFileAnEvent() throws IOException {
        Set<String> events = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.orderplatform.api")
                .stream()
                .filter(type -> type.getSimpleName().endsWith("Event"))
                .map(JavaClass::getName)
                .collect(Collectors.toSet());
        Set<String> sampled = samples().map(event -> event.getClass().getName()).collect(Collectors.toSet());
        Set<String> goldenFiles;
        try (Stream<Path> files = Files.list(GOLDEN)) {
            goldenFiles = files.map(file -> file.getFileName().toString().replaceFirst("\\.json$", ""))
                    .collect(Collectors.toSet());
        }

        assertThat(events).isNotEmpty();
        assertThat(sampled).as("events with a sample").isEqualTo(events);
        assertThat(goldenFiles).as("golden files, one per event class name").isEqualTo(events);
    }

    private static JsonNode golden(Class<?> type) {
        try (InputStream in = Files.newInputStream(GOLDEN.resolve(type.getName() + ".json"))) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("no golden JSON for " + type.getName(), e);
        }
    }
}
