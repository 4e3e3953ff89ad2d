package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The seccomp program, run as the kernel runs it: what it refuses and what it lets through. */
class SeccompFilterTest {
    static final SeccompFilter FILTER = SeccompFilter.standard();
    static final int X86_64 = SeccompFilter.AUDIT_ARCH_X86_64;
    static final int DENY = SeccompFilter.RET_ERRNO | SeccompFilter.EPERM;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;

    @Test
    void everyRefusedCallIsRefusedWithEperm() {
        SeccompFilter.REFUSED.forEach((name, nr) -> assertThat(FILTER.decide(X86_64, nr, 0)).as(name).isEqualTo(DENY));
    }

    @Test
    void socketsOtherThanLocalOnesAreRefused() {
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_SOCKET, AF_INET)).isEqualTo(DENY);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_SOCKET, AF_INET6)).isEqualTo(DENY);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_SOCKET, AF_NETLINK)).isEqualTo(DENY);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_SOCKETPAIR, AF_INET)).isEqualTo(DENY);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_SOCKET, SeccompFilter.AF_UNIX)).isEqualTo(SeccompFilter.RET_ALLOW);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_SOCKETPAIR, SeccompFilter.AF_UNIX)).isEqualTo(SeccompFilter.RET_ALLOW);
    }

    @Test
    void forksAndThreadsRunButNewNamespacesDoNot() {
        int sigchld = 17;
        int threadFlags = 0x3d0f00; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID, as glibc
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_CLONE, sigchld)).isEqualTo(SeccompFilter.RET_ALLOW);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_CLONE, threadFlags)).isEqualTo(SeccompFilter.RET_ALLOW);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_CLONE, sigchld | 0x10000000)).as("CLONE_NEWUSER").isEqualTo(DENY);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_CLONE, sigchld | 0x40000000)).as("CLONE_NEWNET").isEqualTo(DENY);
        assertThat(FILTER.decide(X86_64, SeccompFilter.SYS_CLONE3, 0)).isEqualTo(SeccompFilter.RET_ERRNO | SeccompFilter.ENOSYS);
    }

    @Test
    void ordinaryCallsPassAndOtherAbisDoNot() {
        for (int nr : new int[] {0, 1, 2, 3, 9, 12, 39, 57, 59, 60, 231, 257}) { // read write open close mmap brk getpid fork execve exit exit_group openat
            assertThat(FILTER.decide(X86_64, nr, 0)).as("call %d", nr).isEqualTo(SeccompFilter.RET_ALLOW);
        }
        assertThat(FILTER.decide(X86_64, SeccompFilter.X32_SYSCALL_BIT | 41, AF_INET)).as("x32 socket").isEqualTo(DENY);
        assertThat(FILTER.decide(0x40000003, 102, 0)).as("i386 socketcall").isEqualTo(SeccompFilter.RET_KILL_PROCESS);
    }

    @Test
    void theBytesAreTheProgramInKernelLayout() {
        byte[] b = FILTER.bytes();
        assertThat(b.length).isEqualTo(FILTER.length() * 8);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        assertThat(buf.getShort(0)).as("first: load the architecture").isEqualTo((short) 0x20);
        assertThat(buf.getInt(4)).isEqualTo(4);
        assertThat(FILTER.length()).isLessThan(255);
    }
}
