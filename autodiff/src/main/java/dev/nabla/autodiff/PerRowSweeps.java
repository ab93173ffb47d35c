// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Per-example gradients by one reverse sweep per row, all reading one forward pass: the exact
 * method, for any graph (rows that interact included), at the price of a graph and a run time
 * that grow as the batch size times one backward pass.
 */
final class PerRowSweeps {
    private PerRowSweeps() {}

    /**
     * The gradient of each row's loss: row {@code b} is the vector-Jacobian product with the
     * one-hot cotangent {@code e_b}.
     *
     * @param losses a vector {@code [B]}, {@code B} known
     * @param params what to differentiate by
     * @return per param, its rows stacked: {@code [B, param shape...]}
     */
    static List<Node> run(Node losses, List<Node> params) {
        int rows = losses.shape().dim(0);
        return stackedRows(losses, params, rows, b -> {
            double[] e = new double[rows];
            e[b] = 1.0;
            return losses.graph().constant(Tensor.of(losses.shape(), e));
        });
    }

    /**
     * For each row {@code b}, the vector-Jacobian product of {@code y} with the cotangent the
     * function gives for {@code b}; each x's products stacked along a new axis 0.
     *
     * @param y the node differentiated
     * @param xs what to differentiate by
     * @param rows how many rows
     * @param cotangentOf row number to a cotangent shaped like {@code y}
     * @return per x, a node {@code [rows, x shape...]}
     */
    static List<Node> stackedRows(Node y, List<Node> xs, int rows, IntFunction<Node> cotangentOf) {
        List<List<Node>> rowsOf = new ArrayList<>(xs.size());
        xs.forEach(p -> rowsOf.add(new ArrayList<>(rows)));
        for (int b = 0; b < rows; b++) {
            List<Node> g = Grad.vjp(y, xs, cotangentOf.apply(b), Grad.Unused.ZERO);
            for (int j = 0; j < xs.size(); j++) {
                rowsOf.get(j).add(g.get(j).reshape(withLeading(1, xs.get(j).shape().dims())));
            }
        }
        List<Node> out = new ArrayList<>(xs.size());
        rowsOf.forEach(r -> out.add(stack(r)));
        return out;
    }

    /** @return {@code lead} followed by {@code dims} */
    static int[] withLeading(int lead, int[] dims) {
        int[] out = new int[dims.length + 1];
        out[0] = lead;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    /**
     * Joins rows along axis 0 in a balanced tree of pairwise concats: a concat is a sum of pads,
     * each as large as its result, so joining B rows at once would cost about 2B passes over the
     * result where the tree costs about 3 log2 B.
     */
    private static Node stack(List<Node> rows) {
        List<Node> level = rows;
        while (level.size() > 1) {
            List<Node> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? Indexing.concat(0, level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }
}
