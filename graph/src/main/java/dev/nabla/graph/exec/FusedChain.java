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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Elementwise nodes of one shape run as one pass: chunk by chunk (the kernels' own chunks, 32K
 * elements), every member's loop runs on the same range of its operands and its own buffer
 * before the next chunk starts, so a value one member writes is still in a core's L2 cache when
 * the next reads it, and the chain's inputs are read from memory once per chunk rather than once
 * per member that reads them.
 *
 * <p>Each member runs the very loop its node's kernel runs ({@link Pointwise}) on the same
 * elements, so the chain computes the plain plan's bits; only the order in which blocks are
 * visited differs. Ranges are cut by the length alone ({@link Chunked#chunks}), as for the
 * kernels, so the thread count never changes them. A chain of scalars runs element by element
 * through the same functions ({@link Pointwise#at}), without a loop call per member.
 *
 * <p>Internal to nabla-graph: made by {@link Fusion}, run by {@link dev.nabla.graph.Plan} at the
 * slot of the chain's last member.
 */
public final class FusedChain {
    private final int[] memberSlots;
    /** Per member: its loop, or null for a broadcast read from its operand. */
    private final Pointwise[] fn;
    /** Per member: the slots it reads (a broadcast: its operand only). */
    private final int[][] reads;
    /** Per member: what it reads, as {@code k >= 0} for member k or {@code -(i + 1)} for input i. */
    private final int[][] refs;
    private final int[] inputSlots;
    private final int[] exitSlots;
    /** Per member: its exit's index, or -1 when only the chain reads it. */
    private final int[] exitOf;
    private final boolean floats;
    /** Per input: whether a member reads its elements (an expand's reference does not). */
    private final boolean[] inputRead;

    private FusedChain(int[] memberSlots, Pointwise[] fn, int[][] reads, int[][] refs, int[] inputSlots, int[] exitSlots,
            int[] exitOf, boolean floats) {
        this.memberSlots = memberSlots;
        this.fn = fn;
        this.reads = reads;
        this.refs = refs;
        this.inputSlots = inputSlots;
        this.exitSlots = exitSlots;
        this.exitOf = exitOf;
        this.floats = floats;
        this.inputRead = new boolean[inputSlots.length];
        for (int[] r : refs) {
            for (int ref : r) {
                if (ref < 0) {
                    inputRead[-ref - 1] = true;
                }
            }
        }
    }

    /**
     * Settles what each member reads. An {@code expand}'s reference (it only gives a size) counts
     * as an input, so its buffer lives until the chain has run, but is never read.
     */
    static FusedChain of(Node[] order, int[][] args, List<Integer> slots, boolean[] exit, DType dtype) {
        int count = slots.size();
        Map<Integer, Integer> member = new HashMap<>();
        for (int k = 0; k < count; k++) {
            member.put(slots.get(k), k);
        }
        Map<Integer, Integer> input = new HashMap<>();
        List<Integer> inputs = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        Pointwise[] fn = new Pointwise[count];
        int[][] reads = new int[count][];
        int[][] refs = new int[count][];
        int[] exitOf = new int[count];
        for (int k = 0; k < count; k++) {
            int m = slots.get(k);
            for (int a : args[m]) {
                if (!member.containsKey(a) && !input.containsKey(a)) {
                    input.put(a, inputs.size());
                    inputs.add(a);
                }
            }
            boolean broadcast = order[m].op() instanceof Expand;
            fn[k] = broadcast ? null : (Pointwise) order[m].op();
            reads[k] = broadcast ? new int[] {args[m][0]} : args[m].clone();
            refs[k] = new int[reads[k].length];
            for (int j = 0; j < reads[k].length; j++) {
                int a = reads[k][j];
                refs[k][j] = member.containsKey(a) ? member.get(a) : -(input.get(a) + 1);
            }
            exitOf[k] = exit[k] ? exits.size() : -1;
            if (exit[k]) {
                exits.add(m);
            }
        }
        return new FusedChain(slots.stream().mapToInt(Integer::intValue).toArray(), fn, reads, refs,
                inputs.stream().mapToInt(Integer::intValue).toArray(), exits.stream().mapToInt(Integer::intValue).toArray(),
                exitOf, dtype == DType.FLOAT32);
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
     * Gives each exit the run hands out (fetches, updates) a fresh array, as the plan does for any
     * node it hands out, before the chain writes them.
     *
     * @param values the run's values by slot
     * @param handedOut which slots the run hands out
     */
    public void freshExits(Tensor[] values, boolean[] handedOut) {
        for (int e : exitSlots) {
            if (handedOut[e]) {
                values[e] = Buffers.zeros(values[e].dtype(), values[e].shape());
            }
        }
    }

    /**
     * Runs the chain: reads its inputs' values and writes its members' buffers, all from
     * {@code values}, indexed by slot.
     *
     * @param values the run's values by slot, every member's buffer included
     * @param threads how many threads may share the ranges
     */
    public void run(Tensor[] values, int threads) {
        Tensor root = values[memberSlots[memberSlots.length - 1]];
        int n = root.size();
        if (n == 0) {
            return; // nothing to compute, and a broadcast of nothing has no period
        }
        if (n == 1 && !floats) {
            runScalar(values);
            return;
        }
        Object[] out = new Object[fn.length];
        Object[] operands = new Object[fn.length];
        int[][] periods = new int[fn.length][];
        for (int k = 0; k < fn.length; k++) {
            out[k] = array(values[memberSlots[k]]);
            Object[] in = floats ? new float[reads[k].length][] : new double[reads[k].length][];
            for (int j = 0; j < in.length; j++) {
                in[j] = array(values[reads[k][j]]);
            }
            operands[k] = in;
            if (fn[k] == null) {
                periods[k] = Broadcasts.periodAndRepeat(values[reads[k][0]].shape(), root.shape());
            }
        }
        // One block per chunk (32K elements, 256 KB of float64 per array, in a core's L2): blocks
        // of 1024 (in L1) ran the attention step 4% slower than whole chunks, AMD EPYC Zen 5.
        Chunked.chunks(n, threads, (from, to) -> block(out, operands, periods, from, to));
    }

    private void block(Object[] out, Object[] operands, int[][] periods, int from, int to) {
        for (int k = 0; k < fn.length; k++) {
            if (fn[k] == null) {
                Broadcasts.read(((Object[]) operands[k])[0], periods[k][0], periods[k][1], out[k], from, to - from);
            } else if (floats) {
                fn[k].range((float[][]) operands[k], (float[]) out[k], from, to);
            } else {
                fn[k].range((double[][]) operands[k], (double[]) out[k], from, to);
            }
        }
    }

    /**
     * A chain of float64 scalars, member by member in a register file: the loops' functions
     * without a loop call per member (a tiny chain's members cost about 25 ns each through the
     * loops); only the exits are written to their buffers.
     */
    private void runScalar(Tensor[] values) {
        double[] in = new double[inputSlots.length];
        for (int i = 0; i < in.length; i++) {
            // An expand's reference gives only a size; it is never read.
            in[i] = inputRead[i] ? Buffers.doubles(values[inputSlots[i]])[0] : 0.0;
        }
        double[] r = new double[fn.length];
        for (int k = 0; k < fn.length; k++) {
            int[] s = refs[k];
            r[k] = fn[k] == null ? element(r, in, s, 0) : fn[k].at(element(r, in, s, 0), element(r, in, s, 1), element(r, in, s, 2));
            if (exitOf[k] >= 0) {
                Buffers.doubles(values[exitSlots[exitOf[k]]])[0] = r[k];
            }
        }
    }

    private static double element(double[] r, double[] in, int[] refs, int j) {
        if (j >= refs.length) {
            return 0.0;
        }
        return refs[j] >= 0 ? r[refs[j]] : in[-refs[j] - 1];
    }

    /**
     * Runs the members one by one on whole tensors, checking each value as anomaly detection
     * does for any node, so a NaN inside the chain is named at the member that made it.
     *
     * @param order the plan's nodes
     * @param args each node's input slots
     * @param values the run's values by slot, every member's buffer included
     * @param ctx the run's context
     */
    public void runChecked(Node[] order, int[][] args, Tensor[] values, RunContext ctx) {
        for (int m : memberSlots) {
            Tensor[] in = new Tensor[args[m].length];
            for (int j = 0; j < in.length; j++) {
                in[j] = values[args[m][j]];
            }
            DTypeDispatch.forward(order[m].op(), in, values[m], ctx, null);
            Anomalies.check(order[m], in, values[m]);
        }
    }

    private static Object array(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Buffers.floats(t) : Buffers.doubles(t);
    }
}
