package org.orderplatform.axonserver.api;

import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.ConnectedApplication;
import org.orderplatform.axonserver.platform.InstructionStatus;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.orderplatform.axonserver.api.Problems.badRequest;
import static org.orderplatform.axonserver.api.Problems.notFound;

/** The connected applications, their event processors, and the instructions sent to them. */
@RestController
@RequestMapping("/v1")
class ClientsController {

    private final ClientRegistry registry;
    private final EventStorages storages;

    ClientsController(ClientRegistry registry, EventStorages storages) {
        this.registry = registry;
        this.storages = storages;
    }

    private long headToken(String context) {
        EventStorage storage = storages.all().get(context);
        return storage == null ? -1 : storage.lastToken();
    }

    /** Every connected application with its instances, ordered by name. */
    @GetMapping("/applications")
    List<Application> applications() {
        Map<String, List<Instance>> byName = new LinkedHashMap<>();
        registry.applications().stream()
                .sorted(Comparator.comparing(ConnectedApplication::componentName))
                .forEach(app -> byName.computeIfAbsent(app.componentName(), name -> new ArrayList<>())
                        .add(Instance.of(app, headToken(app.client().context()))));
        return byName.entrySet().stream().map(entry -> new Application(entry.getKey(), entry.getValue())).toList();
    }

    /** Every event processor an instance reported, one entry per context, application and processor name. */
    @GetMapping("/processors")
    List<Processor> processors() {
        Map<ProcessorKey, List<ProcessorInstance>> grouped = new TreeMap<>(Comparator.comparing(ProcessorKey::context)
                .thenComparing(ProcessorKey::application)
                .thenComparing(ProcessorKey::name));
        for (ConnectedApplication app : registry.applications()) {
            for (EventProcessorInfo info : app.eventProcessors()) {
                grouped.computeIfAbsent(new ProcessorKey(app.client().context(), app.componentName(),
                                info.getProcessorName()), key -> new ArrayList<>())
                        .add(new ProcessorInstance(app.client().clientId(),
                                ProcessorView.of(info, headToken(app.client().context()))));
            }
        }
        return grouped.entrySet().stream()
                .map(entry -> {
                    ProcessorKey key = entry.getKey();
                    ProcessorView first = entry.getValue().get(0).status();
                    return new Processor(key.context(), key.application(), key.name(), first.mode(), first.streaming(),
                            entry.getValue());
                })
                .toList();
    }

    /**
     * Sends an instruction to one instance's event processor: {@code pause}, {@code start}, or, with a
     * {@code segment}, {@code split}, {@code merge} or {@code release}. Answers at once; {@code /v1/instructions}
     * shows how it went.
     */
    @PostMapping("/processors/{name}/{action}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted instruct(@PathVariable String name,
                      @PathVariable String action,
                      @RequestParam(required = false) String clientId,
                      @RequestParam(defaultValue = "default") String context,
                      @RequestParam(required = false) String segment) {
        if (clientId == null || clientId.isBlank()) {
            throw badRequest("clientId is required: the instance to instruct, as listed by /v1/processors");
        }
        ClientKey client = new ClientKey(context, clientId);
        ConnectedApplication app = registry.application(client).orElseThrow(() ->
                notFound("No client '" + clientId + "' is connected to context " + context));
        if (app.eventProcessors().stream().noneMatch(info -> info.getProcessorName().equals(name))) {
            throw notFound("Client '" + clientId + "' reports no event processor named '" + name + "'");
        }
        Integer segmentId = Parameters.segment(segment);
        ClientRegistry.Instruction instruction = switch (action) {
            case "pause" -> registry.pauseProcessor(client, name);
            case "start" -> registry.startProcessor(client, name);
            case "split" -> registry.splitSegment(client, name, required(segmentId, action));
            case "merge" -> registry.mergeSegment(client, name, required(segmentId, action));
            case "release" -> registry.releaseSegment(client, name, required(segmentId, action));
            default -> throw badRequest("Unknown action '" + action
                    + "'; use pause, start, split, merge or release");
        };
        return new Accepted(instruction.instructionId());
    }

    /** The most recent instructions, newest first. */
    @GetMapping("/instructions")
    List<InstructionView> instructions() {
        List<InstructionStatus> all = registry.instructions();
        List<InstructionView> newestFirst = new ArrayList<>(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            newestFirst.add(InstructionView.of(all.get(i)));
        }
        return newestFirst;
    }

    private static int required(Integer segment, String action) {
        if (segment == null) {
            throw badRequest(action + " needs the segment parameter: the id of the segment to " + action);
        }
        return segment;
    }

    record Application(String name, List<Instance> instances) {
    }

    record Instance(String clientId, String context, String version, Map<String, String> tags,
                    Instant connectedSince, Instant lastHeartbeat, SortedSet<String> commands,
                    SortedSet<String> queries, int waitingForPermits, List<ProcessorView> processors) {

        static Instance of(ConnectedApplication app, long headToken) {
            return new Instance(app.client().clientId(), app.client().context(), app.version(), app.tags(),
                    app.connectedSince(), app.lastHeartbeat(), sorted(app.commands()), sorted(app.queries()),
                    app.waitingForPermits(),
                    app.eventProcessors().stream().map(info -> ProcessorView.of(info, headToken)).toList());
        }

        private static SortedSet<String> sorted(Set<String> names) {
            return new TreeSet<>(names);
        }
    }

    record Processor(String context, String application, String name, String mode, boolean streaming,
                     List<ProcessorInstance> instances) {
    }

    private record ProcessorKey(String context, String application, String name) {
    }

    record ProcessorInstance(String clientId, ProcessorView status) {
    }

    record Accepted(String instructionId) {
    }

    record InstructionView(String instructionId, String context, String clientId, String type, String processor,
                           Integer segment, Instant sentAt, InstructionStatus.State state, String error) {

        static InstructionView of(InstructionStatus status) {
            return new InstructionView(status.instructionId(), status.client().context(), status.client().clientId(),
                    status.type(), status.processorName(), status.segment() < 0 ? null : status.segment(),
                    status.sentAt(), status.state(), status.error());
        }
    }
}
