// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.storage.Buffers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination: two nodes with equal ops (the op records' {@code equals}) on the
 * same representative operands hold one value, so only the first of them runs. Fed as nodes in
 * topological order (which is id order: a node is built after its inputs), the first is the one
 * with the lowest id, so a plan is the same from run to run.
 *
 * <p>Never merged: ops whose kind is not {@linkplain dev.nabla.graph.op.OpKind#pure() pure} (random
 * ops draw anew, custom ops are user code), inputs and params (each is its own value), and
 * constants of more than {@value #CONSTANT_COMPARE_LIMIT} elements (comparing them would cost more
 * than running them).
 */
final class CommonSubexpressions {
    /** The largest constant compared by value. */
    static final int CONSTANT_COMPARE_LIMIT = 64;

    private final Map<Object, Node> firstOf = new HashMap<>();

    /** An op applied to representative operands: equal keys, equal values. */
    private record Application(Primitive op, List<Node> operands) {}

    /** A small constant by its exact bits, so that {@code -0.0} and {@code 0.0} stay apart. */
    private record ConstantValue(DType dtype, Shape shape, List<Long> bits) {}

    /**
     * The node whose value {@code n} repeats, or {@code n} itself when it is the first of its kind.
     *
     * @param n a node, after every node it reads
     * @param operands the representatives of its inputs
     * @return the first node seen with an equal op on the same operands, else {@code n}
     */
    Node representative(Node n, List<Node> operands) {
        Object key = key(n, operands);
        if (key == null) {
            return n;
        }
        Node first = firstOf.putIfAbsent(key, n);
        return first == null ? n : first;
    }

    private static Object key(Node n, List<Node> operands) {
        Primitive op = n.op();
        if (!op.kind().pure()) {
            return null;
        }
        if (op instanceof Leaf leaf) {
            return leaf instanceof Leaf.Constant c ? constantValue(c.value()) : null;
        }
        return new Application(op, operands);
    }

    private static ConstantValue constantValue(Tensor t) {
        if (t.size() > CONSTANT_COMPARE_LIMIT) {
            return null;
        }
        List<Long> bits = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            bits.add(Double.doubleToRawLongBits(Buffers.at(t, i)));
        }
        return new ConstantValue(t.dtype(), t.shape(), bits);
    }
}
