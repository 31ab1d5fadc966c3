package org.orderplatform.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcFilesTest {

    /** A JVM's /proc/<pid>/stat: utime 807 and stime 22 are fields 14 and 15. */
    private static final String JAVA_STAT = "15648 (java) S 15505 15176 1121 0 -1 4194304 53732 0 0 0 807 22 0 0 20 0 21 0"
            + " 91826 1952776192 51385 18446744073709551615 94001523875840 94001523876725 140728157681312 0 0 0 0 3"
            + " 16800972 0 0 0 17 1 0 0 0 0 0 94001523887424 94001523888152 94002256371712 140728157682225"
            + " 140728157682362 140728157682362 140728157683690 0";

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t15648
            Pid:\t15648
            VmPeak:\t 2001352 kB
            VmSize:\t 1907008 kB
            VmHWM:\t  210000 kB
            VmRSS:\t  205540 kB
            RssAnon:\t  170000 kB
            Threads:\t21
            """;

    @Test
    void cpuTicksAreUserPlusSystemTime() {
        assertThat(ProcFiles.cpuTicks(JAVA_STAT)).isEqualTo(807 + 22);
    }

    @Test
    void fieldsAreCountedAfterACommandNameWithSpacesAndParentheses() {
        String stat = JAVA_STAT.replace("(java)", "(my (odd) name 1 2)");

        assertThat(ProcFiles.cpuTicks(stat)).isEqualTo(807 + 22);
    }

    @Test
    void aLineWithoutACommandNameIsRefused() {
        assertThatThrownBy(() -> ProcFiles.cpuTicks("15648 java S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stat");
    }

    @Test
    void residentBytesAreVmRssNotThePeakOrTheVirtualSize() {
        assertThat(ProcFiles.residentBytes(STATUS)).isEqualTo(205_540L * 1024);
    }

    @Test
    void aProcessExitingHasNoResidentMemory() {
        assertThat(ProcFiles.residentBytes("Name:\tjava\nState:\tZ (zombie)\nThreads:\t1\n")).isZero();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theRunningJvmReadsItself() {
        ProcFiles.Reading self = ProcFiles.read(ProcessHandle.current().pid()).orElseThrow();

        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.residentBytes()).isPositive();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProcessThatIsGoneHasNoReading() {
        assertThat(ProcFiles.read(Long.MAX_VALUE)).isEmpty();
    }
}
