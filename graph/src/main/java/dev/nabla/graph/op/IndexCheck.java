// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.EvaluationException;

/** Integer indices carried in float64 tensors, checked as they are read. */
final class IndexCheck {
    private IndexCheck() {}

    static int require(double v, int bound, String op) {
        int i = (int) v;
        if (i != v || i < 0 || i >= bound) {
            throw new EvaluationException(op + ": index " + v + " is not an integer in [0, " + bound + ")");
        }
        return i;
    }
}
