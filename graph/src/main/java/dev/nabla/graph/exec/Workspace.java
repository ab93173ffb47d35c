// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.DType;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.storage.Buffers;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The buffers of one run in flight: a value per slot, each node's operand array, and the float64
 * copies of the nodes a float32 graph runs widened. A buffer whose last reader has run is handed to
 * a later node of as many elements, so a workspace holds far fewer arrays than the plan has nodes.
 *
 * <p>Internal to nabla-graph: a {@link Layout} makes workspaces and takes them back after each run.
 */
public final class Workspace {
    final Tensor[] values;
    final Tensor[][] operands;
    final DTypeDispatch.Widened[] wide;

    Workspace(Schedule s, Shape[] shapes) {
        int count = s.order().length;
        int[][] args = s.fusion().runArgs();
        DType dtype = s.graph().dtype();
        values = new Tensor[count];
        operands = new Tensor[count][];
        wide = new DTypeDispatch.Widened[count];
        Map<Integer, Deque<Tensor>> free = new HashMap<>();
        boolean[] released = new boolean[count];
        for (int i = 0; i < count; i++) {
            if (s.order()[i].op() instanceof Leaf || s.fixed()[i] != null) {
                continue;
            }
            operands[i] = new Tensor[args[i].length];
            if (s.scalarRead()[i]) {
                continue;
            }
            if (DTypeDispatch.widens(s.order()[i].op(), dtype)) {
                Shape[] in = new Shape[args[i].length];
                for (int j = 0; j < in.length; j++) {
                    in[j] = shapes[args[i][j]];
                }
                wide[i] = DTypeDispatch.Widened.of(in, shapes[i]);
            }
            Tensor buf = free.getOrDefault(shapes[i].size(), new ArrayDeque<>()).poll();
            values[i] = buf != null ? Buffers.share(buf, shapes[i]) : Buffers.zeros(dtype, shapes[i]);
            // Once a node's last reader has run, its buffer can hold a later node's value.
            for (int a : args[i]) {
                if (s.lastUse()[a] == i && values[a] != null && !released[a]) {
                    released[a] = true;
                    free.computeIfAbsent(values[a].size(), k -> new ArrayDeque<>()).push(values[a]);
                }
            }
        }
    }

    /**
     * The values by slot, which a run fills in order.
     *
     * @return the array itself, written by the run that holds this workspace
     */
    public Tensor[] values() {
        return values;
    }

    /**
     * The operand array of the node in a slot, refilled before each kernel call.
     *
     * @param slot the node's slot
     * @return the array itself, or null for a leaf or a folded node
     */
    public Tensor[] operands(int slot) {
        return operands[slot];
    }

    /**
     * The float64 copies the node in a slot runs on, in a float32 graph.
     *
     * @param slot the node's slot
     * @return its copies, or null when the node runs on its own type
     */
    public DTypeDispatch.Widened widened(int slot) {
        return wide[slot];
    }
}
