// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Chunked;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Pointwise;
import dev.nabla.graph.storage.Buffers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Elementwise nodes of one shape run as one pass: block by block, every member's loop runs on
 * scratch blocks small enough to stay in cache, so a value between two members never goes to
 * memory and gets no buffer of its own. Only the chain's exits (values something outside reads)
 * are written out.
 *
 * <p>Each member runs the very loop its node's kernel runs ({@link Pointwise}), on the same
 * elements in the same order, so the chain computes the plain plan's bits; only where values
 * wait in between differs. Ranges are cut by the length alone ({@link Chunked#chunks}), as for
 * the kernels, so the thread count never changes them.
 *
 * <p>Internal to nabla-graph: made by {@link Fusion}, run by {@link dev.nabla.graph.Plan} at the
 * slot of the chain's last member.
 */
public final class FusedChain {
    /** Most elements in a scratch block. */
    private static final int BLOCK = 1024;
    /** What a range's scratch blocks may take together, to stay in a core's L2 cache. */
    private static final int SCRATCH_BYTES = 1 << 17;

    private final int[] memberSlots;
    private final int[] inputSlots;
    private final int[] exitSlots;
    private final boolean floats;
    /** Per step: the member's loop, or null for a step that loads an input's block. */
    private final Pointwise[] fn;
    /** Per step: each operand's register, or {@code -(k + 1)} for scalar input k read whole. */
    private final int[][] src;
    private final int[] dst;
    /** Per step: the input a load step copies, else -1. */
    private final int[] load;
    /** Per step: whether its load reads a periodic broadcast of the input rather than a block of it. */
    private final boolean[] broadcast;
    private final int[] broadcastSteps;
    /** Per step: the exit its result is copied out to, else -1. */
    private final int[] store;
    private final int registers;
    private final int blockLength;
    private final Deque<Scratch> spare = new ConcurrentLinkedDeque<>();

    private FusedChain(int[] memberSlots, int[] inputSlots, int[] exitSlots, boolean floats, Program p) {
        this.memberSlots = memberSlots;
        this.inputSlots = inputSlots;
        this.exitSlots = exitSlots;
        this.floats = floats;
        this.fn = p.fn.toArray(new Pointwise[0]);
        this.src = p.src.toArray(new int[0][]);
        this.dst = p.dst.stream().mapToInt(Integer::intValue).toArray();
        this.load = p.load.stream().mapToInt(Integer::intValue).toArray();
        this.broadcast = new boolean[fn.length];
        p.broadcast.forEach(step -> broadcast[step] = true);
        this.broadcastSteps = p.broadcast.stream().mapToInt(Integer::intValue).toArray();
        this.store = p.store.stream().mapToInt(Integer::intValue).toArray();
        this.registers = p.registers;
        int perElement = Math.max(1, registers) * (floats ? Float.BYTES : Double.BYTES);
        this.blockLength = Math.max(64, Math.min(BLOCK, Integer.highestOneBit(SCRATCH_BYTES / perElement)));
    }

    /**
     * Compiles the members' steps and gives each value a scratch register, reused once its last
     * reader in the chain has run (never as that reader's own output, so no loop runs in place).
     */
    static FusedChain of(Node[] order, int[][] args, List<Integer> slots, boolean[] exit, boolean[] scalarRead, DType dtype) {
        Map<Integer, Integer> lastRead = new HashMap<>();
        for (int k = 0; k < slots.size(); k++) {
            for (int a : args[slots.get(k)]) {
                lastRead.put(a, k);
            }
        }
        Map<Integer, Integer> member = new HashMap<>();
        for (int k = 0; k < slots.size(); k++) {
            member.put(slots.get(k), k);
        }
        Program p = new Program();
        Map<Integer, Integer> register = new HashMap<>();
        Map<Integer, Integer> input = new HashMap<>();
        List<Integer> inputs = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        for (int k = 0; k < slots.size(); k++) {
            int m = slots.get(k);
            int exitIndex = -1;
            if (exit[k]) {
                exitIndex = exits.size();
                exits.add(m);
            }
            if (order[m].op() instanceof Expand) {
                // The operand is read in place, block by block; a reference only keeps its size.
                for (int a : args[m]) {
                    if (!input.containsKey(a) && !member.containsKey(a)) {
                        input.put(a, inputs.size());
                        inputs.add(a);
                    }
                }
                register.put(m, p.broadcast(p.allocate(), input.get(args[m][0]), exitIndex));
                if (!lastRead.containsKey(m)) {
                    p.free(register.remove(m));
                }
                continue;
            }
            int[] refs = new int[args[m].length];
            for (int j = 0; j < refs.length; j++) {
                int a = args[m][j];
                if (!member.containsKey(a) && !input.containsKey(a)) {
                    input.put(a, inputs.size());
                    inputs.add(a);
                }
                if (!member.containsKey(a) && !scalarRead[a] && !register.containsKey(a)) {
                    register.put(a, p.step(null, new int[0], p.allocate(), input.get(a), -1));
                }
                refs[j] = register.containsKey(a) ? register.get(a) : -(input.get(a) + 1);
            }
            int out = p.allocate();
            register.put(m, out);
            for (int a : args[m]) {
                if (lastRead.get(a) == k && register.containsKey(a)) {
                    p.free(register.remove(a));
                }
            }
            p.step((Pointwise) order[m].op(), refs, out, -1, exitIndex);
            if (!lastRead.containsKey(m)) {
                p.free(register.remove(m));
            }
        }
        return new FusedChain(slots.stream().mapToInt(Integer::intValue).toArray(),
                inputs.stream().mapToInt(Integer::intValue).toArray(), exits.stream().mapToInt(Integer::intValue).toArray(),
                dtype == DType.FLOAT32, p);
    }

    /** The slots of the values the chain reads from outside it, by first use. @return the slots */
    public int[] inputSlots() {
        return inputSlots.clone();
    }

    /** The slots of the members whose values leave the chain, the root last. @return the slots */
    public int[] exitSlots() {
        return exitSlots.clone();
    }

    /**
     * Runs the chain: reads its inputs' values and writes its exits' buffers, all from
     * {@code values}, indexed by slot.
     *
     * @param values the run's values by slot, exits' buffers included
     * @param threads how many threads may share the ranges
     */
    public void run(Tensor[] values, int threads) {
        Object[] in = new Object[inputSlots.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = array(values[inputSlots[k]]);
        }
        Object[] out = new Object[exitSlots.length];
        for (int e = 0; e < out.length; e++) {
            out[e] = array(values[exitSlots[e]]);
        }
        Tensor root = values[exitSlots[exitSlots.length - 1]];
        int n = root.size();
        if (n == 1 && !floats) {
            runScalar(in, out);
            return;
        }
        int[][] periods = new int[fn.length][];
        for (int p : broadcastSteps) {
            periods[p] = Broadcasts.periodAndRepeat(values[inputSlots[load[p]]].shape(), root.shape());
        }
        Chunked.chunks(n, threads, (from, to) -> runRange(in, out, periods, Math.min(blockLength, n), from, to));
    }

    /**
     * A chain of scalars, element by element in a register file: the same functions as the
     * loops, without a loop call per step (a tiny chain's steps cost about 25 ns each through
     * the loops).
     */
    private void runScalar(Object[] in, Object[] out) {
        double[] r = new double[Math.max(1, registers)];
        for (int p = 0; p < fn.length; p++) {
            int[] s = src[p];
            double v = load[p] >= 0 ? ((double[]) in[load[p]])[0]
                    : fn[p].at(element(r, in, s, 0), element(r, in, s, 1), element(r, in, s, 2));
            r[dst[p]] = v;
            if (store[p] >= 0) {
                ((double[]) out[store[p]])[0] = v;
            }
        }
    }

    private static double element(double[] r, Object[] in, int[] refs, int j) {
        if (j >= refs.length) {
            return 0.0;
        }
        return refs[j] >= 0 ? r[refs[j]] : ((double[]) in[-refs[j] - 1])[0];
    }

    /**
     * Runs the members one by one on whole tensors, checking each value as anomaly detection
     * does for any node, so a NaN inside the chain is named at the member that made it.
     *
     * @param order the plan's nodes
     * @param args each node's input slots
     * @param values the run's values by slot, exits' buffers included
     * @param ctx the run's context
     */
    public void runChecked(Node[] order, int[][] args, Tensor[] values, RunContext ctx) {
        Map<Integer, Tensor> scratch = new HashMap<>();
        Tensor like = values[exitSlots[exitSlots.length - 1]];
        for (int m : memberSlots) {
            Tensor[] in = new Tensor[args[m].length];
            for (int j = 0; j < in.length; j++) {
                in[j] = scratch.containsKey(args[m][j]) ? scratch.get(args[m][j]) : values[args[m][j]];
            }
            Tensor out = values[m] != null ? values[m] : Buffers.zeros(like.dtype(), like.shape());
            scratch.put(m, out);
            DTypeDispatch.forward(order[m].op(), in, out, ctx, null);
            Anomalies.check(order[m], in, out);
        }
    }

    private static Object array(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Buffers.floats(t) : Buffers.doubles(t);
    }

    private void runRange(Object[] in, Object[] out, int[][] periods, int length, int from, int to) {
        Scratch s = spare.poll();
        if (s == null || s.length != length) {
            s = new Scratch(length);
        }
        try {
            for (int p = 0; p < fn.length; p++) {
                for (int j = 0; j < src[p].length; j++) {
                    if (src[p][j] < 0 && floats) {
                        ((float[][]) s.operands[p])[j] = (float[]) in[-src[p][j] - 1];
                    } else if (src[p][j] < 0) {
                        ((double[][]) s.operands[p])[j] = (double[]) in[-src[p][j] - 1];
                    }
                }
            }
            for (int at = from; at < to; at += length) {
                block(s, in, out, periods, at, Math.min(length, to - at));
            }
        } finally {
            spare.push(s);
        }
    }

    private void block(Scratch s, Object[] in, Object[] out, int[][] periods, int at, int len) {
        for (int p = 0; p < fn.length; p++) {
            Object y = s.registers[dst[p]];
            if (broadcast[p]) {
                Broadcasts.read(in[load[p]], periods[p][0], periods[p][1], y, at, len);
            } else if (load[p] >= 0) {
                copy(in[load[p]], at, y, 0, len);
            } else if (floats) {
                fn[p].range((float[][]) s.operands[p], (float[]) y, 0, len);
            } else {
                fn[p].range((double[][]) s.operands[p], (double[]) y, 0, len);
            }
            if (store[p] >= 0) {
                copy(y, 0, out[store[p]], at, len);
            }
        }
    }

    private void copy(Object from, int fromAt, Object to, int toAt, int len) {
        if (len > 1) {
            System.arraycopy(from, fromAt, to, toAt, len);
        } else if (floats) {
            ((float[]) to)[toAt] = ((float[]) from)[fromAt];
        } else {
            ((double[]) to)[toAt] = ((double[]) from)[fromAt];
        }
    }

    /** One range's registers and each step's operand array over them, reused across runs. */
    private final class Scratch {
        final int length;
        final Object[] registers;
        final Object[] operands;

        Scratch(int length) {
            this.length = length;
            registers = new Object[FusedChain.this.registers];
            for (int r = 0; r < registers.length; r++) {
                registers[r] = floats ? new float[length] : new double[length];
            }
            operands = new Object[fn.length];
            for (int p = 0; p < fn.length; p++) {
                Object[] refs = floats ? new float[src[p].length][] : new double[src[p].length][];
                for (int j = 0; j < src[p].length; j++) {
                    if (src[p][j] >= 0) {
                        refs[j] = registers[src[p][j]];
                    }
                }
                operands[p] = refs;
            }
        }
    }

    /** The steps as they are compiled, and the registers' free list. */
    private static final class Program {
        final List<Pointwise> fn = new ArrayList<>();
        final List<int[]> src = new ArrayList<>();
        final List<Integer> dst = new ArrayList<>();
        final List<Integer> load = new ArrayList<>();
        final List<Integer> store = new ArrayList<>();
        final List<Integer> broadcast = new ArrayList<>();
        final Deque<Integer> free = new ArrayDeque<>();
        int registers;

        int allocate() {
            return free.isEmpty() ? registers++ : free.pop();
        }

        void free(int register) {
            free.push(register);
        }

        int broadcast(int out, int loads, int stores) {
            broadcast.add(fn.size());
            return step(null, new int[0], out, loads, stores);
        }

        int step(Pointwise f, int[] refs, int out, int loads, int stores) {
            fn.add(f);
            src.add(refs);
            dst.add(out);
            load.add(loads);
            store.add(stores);
            return out;
        }
    }
}
