package org.fedra.node.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seccomp filter every sandboxed run gets (bubblewrap's {@code --seccomp FD} loads it): a classic BPF program over
 * {@code struct seccomp_data} for x86-64. It is built here rather than with libseccomp so that a node needs no compiler
 * or development headers, and so that tests can read exactly which calls it refuses ({@link #decide}).
 *
 * <p>The network namespace and the mounts are the first wall; the filter is the second, and it shrinks the kernel a
 * package can talk to. It allows everything an analysis in Python or R does and refuses, with {@code EPERM}:
 * <ul>
 *   <li>sockets of any family but {@code AF_UNIX} ({@code socket}, {@code socketpair}): no network even if the namespace
 *       were misconfigured; local socket pairs stay for libraries that use them between their own processes;</li>
 *   <li>reading or steering other processes: {@code ptrace}, {@code process_vm_readv/writev}, {@code pidfd_getfd},
 *       {@code kcmp};</li>
 *   <li>changing the file system view or making namespaces: {@code mount} and the new mount API, {@code umount2},
 *       {@code pivot_root}, {@code chroot}, {@code unshare}, {@code setns}, and {@code clone} with a namespace flag; a
 *       nested user namespace would hand the package capabilities over new namespaces and a large kernel surface;
 *       {@code clone3} answers {@code ENOSYS} (its flags sit in memory a filter cannot read), so the C library falls
 *       back to {@code clone}, whose flags are checked;</li>
 *   <li>the kernel itself: modules, {@code kexec}, {@code reboot}, swap, the clock, {@code syslog}, {@code acct},
 *       {@code bpf}, {@code perf_event_open}, {@code userfaultfd}, keyrings, {@code quotactl}, I/O ports,
 *       {@code modify_ldt}, {@code uselib}, {@code lookup_dcookie}, {@code fanotify_init}, file handles
 *       ({@code open_by_handle_at} reads files by inode, past the mounts), host names;</li>
 *   <li>{@code io_uring}: it performs I/O the filter never sees.</li>
 * </ul>
 * Calls of another architecture (32-bit {@code int 0x80}) kill the process; x32 calls are refused.
 */
public final class SeccompFilter {
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    static final int X32_SYSCALL_BIT = 0x40000000;
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ALLOW = 0x7FFF0000;
    static final int RET_ERRNO = 0x00050000;
    static final int EPERM = 1;
    static final int ENOSYS = 38;
    static final int AF_UNIX = 1;
    /** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME. */
    static final int CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;

    static final int SYS_SOCKET = 41;
    static final int SYS_SOCKETPAIR = 53;
    static final int SYS_CLONE = 56;
    static final int SYS_CLONE3 = 435;

    /** Refused outright, by x86-64 number. */
    static final Map<String, Integer> REFUSED = refused();

    private static Map<String, Integer> refused() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("ptrace", 101);
        m.put("process_vm_readv", 310);
        m.put("process_vm_writev", 311);
        m.put("pidfd_getfd", 438);
        m.put("kcmp", 312);
        m.put("mount", 165);
        m.put("umount2", 166);
        m.put("pivot_root", 155);
        m.put("chroot", 161);
        m.put("open_tree", 428);
        m.put("move_mount", 429);
        m.put("fsopen", 430);
        m.put("fsconfig", 431);
        m.put("fsmount", 432);
        m.put("fspick", 433);
        m.put("mount_setattr", 442);
        m.put("unshare", 272);
        m.put("setns", 308);
        m.put("init_module", 175);
        m.put("finit_module", 313);
        m.put("delete_module", 176);
        m.put("kexec_load", 246);
        m.put("kexec_file_load", 320);
        m.put("reboot", 169);
        m.put("swapon", 167);
        m.put("swapoff", 168);
        m.put("settimeofday", 164);
        m.put("clock_settime", 227);
        m.put("clock_adjtime", 305);
        m.put("adjtimex", 159);
        m.put("syslog", 103);
        m.put("acct", 163);
        m.put("bpf", 321);
        m.put("perf_event_open", 298);
        m.put("userfaultfd", 323);
        m.put("add_key", 248);
        m.put("request_key", 249);
        m.put("keyctl", 250);
        m.put("quotactl", 179);
        m.put("quotactl_fd", 443);
        m.put("ioperm", 173);
        m.put("iopl", 172);
        m.put("modify_ldt", 154);
        m.put("uselib", 134);
        m.put("lookup_dcookie", 212);
        m.put("fanotify_init", 300);
        m.put("open_by_handle_at", 304);
        m.put("name_to_handle_at", 303);
        m.put("sethostname", 170);
        m.put("setdomainname", 171);
        m.put("vhangup", 153);
        m.put("io_uring_setup", 425);
        m.put("io_uring_enter", 426);
        m.put("io_uring_register", 427);
        return m;
    }

    // classic BPF opcodes
    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short JGE_K = 0x35;
    private static final short JSET_K = 0x45;
    private static final short RET_K = 0x06;
    // offsets in struct seccomp_data
    private static final int NR = 0;
    private static final int ARCH = 4;
    private static final int ARG0_LOW = 16;

    private final List<int[]> program; // {code, jt, jf, k}

    private SeccompFilter(List<int[]> program) {
        this.program = program;
    }

    /** The filter described above. */
    public static SeccompFilter standard() {
        Assembler a = new Assembler();
        a.load(ARCH);
        a.jumpIfEqual(AUDIT_ARCH_X86_64, "native", null);
        a.ret(RET_KILL_PROCESS);
        a.label("native");
        a.load(NR);
        a.jumpIfAtLeast(X32_SYSCALL_BIT, "deny", null);
        for (int nr : REFUSED.values()) a.jumpIfEqual(nr, "deny", null);
        a.jumpIfEqual(SYS_SOCKET, "unix-only", null);
        a.jumpIfEqual(SYS_SOCKETPAIR, "unix-only", null);
        a.jumpIfEqual(SYS_CLONE, "clone", null);
        a.jumpIfEqual(SYS_CLONE3, "nosys", null);
        a.ret(RET_ALLOW);
        a.label("unix-only");
        a.load(ARG0_LOW);
        a.jumpIfEqual(AF_UNIX, "allow", "deny");
        a.label("clone");
        a.load(ARG0_LOW);
        a.jumpIfAnySet(CLONE_NAMESPACES, "deny", "allow");
        a.label("allow");
        a.ret(RET_ALLOW);
        a.label("deny");
        a.ret(RET_ERRNO | EPERM);
        a.label("nosys");
        a.ret(RET_ERRNO | ENOSYS);
        return new SeccompFilter(a.assemble());
    }

    /** The program as the kernel reads it: {@code struct sock_filter} entries in the machine's byte order. */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
        for (int[] i : program) {
            b.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
        }
        return b.array();
    }

    /**
     * Runs the program on one call, as the kernel would: the action for architecture {@code arch}, call number {@code nr}
     * and first argument {@code arg0} (its low 32 bits).
     */
    public int decide(int arch, int nr, long arg0) {
        int acc = 0;
        for (int pc = 0; pc < program.size(); pc++) {
            int[] i = program.get(pc);
            switch (i[0]) {
                case LD_W_ABS -> acc = i[3] == ARCH ? arch : i[3] == NR ? nr : i[3] == ARG0_LOW ? (int) arg0 : fail(i[3]);
                case JEQ_K -> pc += acc == i[3] ? i[1] : i[2];
                case JGE_K -> pc += Integer.compareUnsigned(acc, i[3]) >= 0 ? i[1] : i[2];
                case JSET_K -> pc += (acc & i[3]) != 0 ? i[1] : i[2];
                case RET_K -> {
                    return i[3];
                }
                default -> throw new IllegalStateException("unknown instruction " + i[0]);
            }
        }
        throw new IllegalStateException("the program fell off its end");
    }

    private static int fail(int offset) {
        throw new IllegalStateException("load of unknown offset " + offset);
    }

    /** Number of instructions (at most 4096 for the kernel; jumps at most 255 forward). */
    public int length() {
        return program.size();
    }

    /** A tiny two-pass assembler: jumps name labels, offsets are filled in and checked at the end. */
    private static final class Assembler {
        private final List<Object[]> code = new ArrayList<>(); // {opcode, trueLabel, falseLabel, k}
        private final Map<String, Integer> labels = new HashMap<>();

        void load(int offset) {
            code.add(new Object[] {LD_W_ABS, null, null, offset});
        }

        void jumpIfEqual(int k, String ifTrue, String ifFalse) {
            code.add(new Object[] {JEQ_K, ifTrue, ifFalse, k});
        }

        void jumpIfAtLeast(int k, String ifTrue, String ifFalse) {
            code.add(new Object[] {JGE_K, ifTrue, ifFalse, k});
        }

        void jumpIfAnySet(int k, String ifTrue, String ifFalse) {
            code.add(new Object[] {JSET_K, ifTrue, ifFalse, k});
        }

        void ret(int action) {
            code.add(new Object[] {RET_K, null, null, action});
        }

        void label(String name) {
            labels.put(name, code.size());
        }

        List<int[]> assemble() {
            List<int[]> out = new ArrayList<>();
            for (int pc = 0; pc < code.size(); pc++) {
                Object[] c = code.get(pc);
                out.add(new int[] {(short) c[0], offset(pc, (String) c[1]), offset(pc, (String) c[2]), (int) c[3]});
            }
            return out;
        }

        private int offset(int pc, String label) {
            if (label == null) return 0; // fall through to the next instruction
            Integer target = labels.get(label);
            if (target == null) throw new IllegalStateException("no label " + label);
            int off = target - pc - 1;
            if (off < 0 || off > 255) throw new IllegalStateException("jump to " + label + " out of range: " + off);
            return off;
        }
    }
}
