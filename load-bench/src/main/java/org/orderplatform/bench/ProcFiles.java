package org.orderplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What Linux says about a process in {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
final class ProcFiles {

    /** The CPU a process has used so far, in clock ticks, and the memory it holds resident. */
    record Reading(long pid, long cpuTicks, long residentBytes) {
    }

    private static final Path PROC = Path.of("/proc");

    private ProcFiles() {
    }

    /** Empty when the process is gone. */
    static Optional<Reading> read(long pid) {
        try {
            Path dir = PROC.resolve(Long.toString(pid));
            return Optional.of(new Reading(pid, cpuTicks(Files.readString(dir.resolve("stat"))),
                    residentBytes(Files.readString(dir.resolve("status")))));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /**
     * utime + stime, fields 14 and 15 of a {@code stat} line: user and system time of all the process's threads. The
     * second field, the command name in parentheses, may hold spaces and parentheses, so fields are counted after the
     * last ')'.
     */
    static long cpuTicks(String stat) {
        int endOfName = stat.lastIndexOf(')');
        if (endOfName < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(endOfName + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** The {@code VmRSS} line of a {@code status} file, in bytes; 0 when it has none (a process exiting). */
    static long residentBytes(String status) {
        return status.lines()
                .filter(line -> line.startsWith("VmRSS:"))
                .findFirst()
                .map(line -> line.substring("VmRSS:".length()).trim().split("\\s+"))
                .map(ProcFiles::bytes)
                .orElse(0L);
    }

    private static long bytes(String[] amountAndUnit) {
        long amount = Long.parseLong(amountAndUnit[0]);
        if (amountAndUnit.length < 2 || !amountAndUnit[1].equals("kB")) {
            throw new IllegalArgumentException("VmRSS not in kB: " + String.join(" ", amountAndUnit));
        }
        return amount * 1024;
    }
}
