package org.orderplatform.axonserver.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The data directory's exclusive lock, taken before any store is opened and held until the stores are closed. A
 * second server on the same directory (a double start, an old JVM still running, two pods on one volume) would run
 * recovery on the live writer's segments and could truncate under it: it fails at once instead, touching nothing. The
 * operating system drops the lock with the process that held it, so a crash leaves nothing to clean up.
 */
final class DataDirectoryLock implements Closeable {

    static final String FILE_NAME = "axonserver.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails naming the directory and, as far as it says, who holds it. */
    static DataDirectoryLock take(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IllegalStateException("the data directory " + dataDir.toAbsolutePath() + " is in use by "
                    + "another Axon server (" + (holder.isEmpty() ? "unknown" : holder) + "): stop it first; "
                    + "nothing was opened or changed");
        }
        ProcessHandle self = ProcessHandle.current();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + self.pid() + " since " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
