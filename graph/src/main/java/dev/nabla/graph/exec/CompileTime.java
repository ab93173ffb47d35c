// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.Plan;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.storage.Buffers;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Plan} settles once when it is compiled, over its nodes in run order ({@code args}
 * gives each node's input slots): which scalar broadcasts it never fills, and the values of the
 * nodes that depend on constants alone.
 */
public final class CompileTime {
    private CompileTime() {}

    /** How the scalar-broadcast pass sees an op. */
    public enum ScalarUse {
        /** The op broadcasts its input; when that is one element, the pass may leave it unfilled. */
        BROADCASTS,
        /** The op reads a one-element operand as it is, broadcasting it in its own loop. */
        TAKES_AS_IS,
        /** The op reads its operands element by element, so they must be filled. */
        NEEDS_FILLED
    }

    /** How constant folding treats an op. */
    public enum Folding {
        /** A leaf: a constant is its own value; inputs and params are bound at run time. */
        LEAF_VALUE,
        /** Computed once at compile time when all its inputs are known. */
        FROM_INPUTS,
        /** Never folded: it may give a different value on each run. */
        NEVER
    }

    /** The scalar-broadcast pass's entry for each kind. */
    public static ScalarUse scalarUse(OpKind kind) {
        return switch (kind) {
            case EXPAND -> ScalarUse.BROADCASTS;
            case BINARY, COMPARE -> ScalarUse.TAKES_AS_IS;
            case LEAF, UNARY, WHERE, REDUCTION, RESHAPE, PERMUTE, SLICE, PAD, GATHER, ONE_HOT, MATMUL, UNFOLD, FOLD,
                    RANDOM, STOP_GRADIENT, CUSTOM -> ScalarUse.NEEDS_FILLED;
        };
    }

    /** The constant-folding pass's entry for each kind; whether an op is pure is the kind's to say. */
    public static Folding folding(OpKind kind) {
        return switch (kind) {
            case LEAF -> Folding.LEAF_VALUE;
            case UNARY, BINARY, COMPARE, WHERE, REDUCTION, RESHAPE, PERMUTE, EXPAND, SLICE, PAD, GATHER, ONE_HOT,
                    MATMUL, UNFOLD, FOLD, RANDOM, STOP_GRADIENT, CUSTOM -> kind.pure() ? Folding.FROM_INPUTS : Folding.NEVER;
        };
    }

    /**
     * The broadcasts of a one-element value whose every reader is an elementwise binary op or a
     * comparison, which takes the scalar as it is: such a node is never filled (the learning rate
     * broadcast over every weight, a constant factor over a batch). Its input then lives as long as
     * the node's last reader, so {@code lastUse} is moved there.
     */
    public static boolean[] unfilledBroadcasts(Node[] order, int[][] args, int[] fetchSlots, int[] updateSlots, int[] lastUse) {
        boolean[] read = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            boolean broadcast = scalarUse(order[i].op().kind()) == ScalarUse.BROADCASTS && args[i].length == 1;
            Shape in = broadcast ? order[i].input(0).shape() : null;
            read[i] = in != null && in.isKnown() && in.size() == 1;
        }
        for (int i = 0; i < order.length; i++) {
            boolean takesScalars = scalarUse(order[i].op().kind()) == ScalarUse.TAKES_AS_IS
                    && !(read[args[i][0]] && read[args[i][1]]);
            for (int a : args[i]) {
                read[a] &= takesScalars;
            }
        }
        for (int s : fetchSlots) {
            read[s] = false;
        }
        for (int s : updateSlots) {
            read[s] = false;
        }
        for (int i = 0; i < order.length; i++) {
            if (read[i]) {
                lastUse[args[i][0]] = Math.max(lastUse[args[i][0]], lastUse[i]);
            }
        }
        return read;
    }

    /**
     * Computes once what depends on constants alone, such as a scalar broadcast to a matrix or
     * the 0.5 of max's tie rule, so that no run repeats it. Ops whose kind is not
     * {@link OpKind#pure() pure} (random and custom ops) are left to run: they may differ from run
     * to run. A node whose kernel fails is left too, to fail at run time with the node named.
     */
    public static Tensor[] foldConstants(Node[] order, int[][] args, boolean[] scalarRead, DType dtype) {
        Tensor[] known = new Tensor[order.length];
        for (int i = 0; i < order.length; i++) {
            Primitive op = order[i].op();
            Folding folding = folding(op.kind());
            if (folding == Folding.LEAF_VALUE && op instanceof Leaf.Constant c) {
                known[i] = c.value();
            }
            if (folding != Folding.FROM_INPUTS || args[i].length == 0) {
                continue;
            }
            Tensor[] in = new Tensor[args[i].length];
            List<Shape> shapes = new ArrayList<>(in.length);
            for (int j = 0; j < in.length; j++) {
                in[j] = known[args[i][j]];
                if (in[j] == null) {
                    break;
                }
                // A broadcast left unfilled holds its scalar; its readers need the broadcast shape.
                shapes.add(scalarRead[args[i][j]] ? order[args[i][j]].shape() : in[j].shape());
            }
            if (shapes.size() < in.length) {
                continue;
            }
            if (scalarRead[i]) {
                known[i] = in[0];
                continue;
            }
            try {
                Shape shape = op.outShape(shapes);
                Tensor out = Buffers.zeros(dtype, shape);
                DTypeDispatch.forward(op, in, out, new RunContext(0L, 1), null);
                known[i] = out;
            } catch (RuntimeException e) {
                // Not folded: the run will meet the same failure and report it with the node.
            }
        }
        return known;
    }
}
