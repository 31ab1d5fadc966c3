package org.orderplatform.axonserver.store;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orderplatform.axonserver.support.TestEvents.domainEvent;

/**
 * The store on a disk that really fills up (ENOSPC from the kernel, on a 4 MB tmpfs), with no free-space floor to
 * warn it first: the failing batch is refused, nothing acknowledged is lost, and appends resume once space is freed,
 * a segment roll included. Mounting needs root; where it is not allowed the test says so and is skipped.
 */
class DiskFullIT {

    private static final long SEGMENT_BYTES = 256 * 1024;

    @TempDir
    Path mountPoint;
    private EventStorage storage;

    @BeforeEach
    void mountASmallDisk() throws IOException, InterruptedException {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small filesystem here: " + output);
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (storage != null) {
            storage.close();
        }
        new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aFullDiskFailsTheBatchKeepsWhatWasAcknowledgedAndAppendsResumeOnceSpaceIsFreed() throws IOException {
        Path directory = mountPoint.resolve("default");
        storage = EventStorage.open("default", directory, new SimpleMeterRegistry(), SEGMENT_BYTES,
                DataSize.ofBytes(0));
        Path filler = mountPoint.resolve("filler");
        fillTheDisk(filler);
        // Room for a few transactions, then none.
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 64 * 1024);
        }

        List<String> acknowledged = new ArrayList<>();
        StatusRuntimeException refused = null;
        for (int i = 0; refused == null; i++) {
            String aggregateId = "order-" + i;
            try {
                storage.appendEvents(List.of(event(aggregateId))).join();
                acknowledged.add(aggregateId);
            } catch (CompletionException e) {
                refused = (StatusRuntimeException) e.getCause();
            }
        }

        assertThat(acknowledged).isNotEmpty();
        assertThat(refused.getMessage()).contains(ErrorCode.DATAFILE_WRITE_ERROR.code()).contains("space");
        assertThat(storage.writable()).isTrue();
        assertThat(storage.readForward(0, 10_000)).hasSize(acknowledged.size());

        Files.delete(filler);
        // Enough to pass a segment roll: 256 KB segments, transactions of about 8 KB.
        for (int i = 0; i < 64; i++) {
            String aggregateId = "after-" + i;
            storage.appendEvents(List.of(event(aggregateId))).join();
            acknowledged.add(aggregateId);
        }
        assertThat(SegmentedLog.segmentFiles(directory.resolve("events"), ".events")).hasSizeGreaterThan(1);

        storage.close();
        storage = EventStorage.open("default", directory, new SimpleMeterRegistry(), SEGMENT_BYTES,
                DataSize.ofBytes(0));
        assertThat(storage.readForward(0, 10_000)).extracting(stored -> stored.event().getAggregateIdentifier())
                .containsExactlyElementsOf(acknowledged);
    }

    private static Event event(String aggregateId) {
        return domainEvent(aggregateId, 0).toBuilder().setPayload(SerializedObject.newBuilder().setType("Large")
                .setData(ByteString.copyFrom(new byte[8 * 1024]))).build();
    }

    private static void fillTheDisk(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // "No space left on device": the disk is full.
        }
    }
}
