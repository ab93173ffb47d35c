// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gradients of {@code matmul} by NumPy's rules where a batch size is known only at run time: the
 * first- and second-order derivatives of one graph, fed batches of several sizes, equal those of
 * graphs built for each size, whose derivatives GradCheck checks against central differences. The
 * generated spec rows cannot cover this, since GradCheck declares every size it is given.
 */
class MatMulUnknownBatchGradientTest {
    private static final int[] BATCHES = {1, 3, 2};

    /** Operand shapes, {@code ?} for the batch size each run feeds. */
    @ParameterizedTest(name = "{0} . {1}")
    @CsvSource(delimiter = ';', value = {
        "?,1,3,4; 2,4,5",        // broadcast over heads: a stretched by b, b by a's run-time size (expand's reference)
        "?,2,3,4; ?,2,4,3",      // attention scores: batches flattened into one unknown axis
        "?,3,4; 1,4,5",          // a batch of ones: b is the primitive's shared matrix
        "2,1,3,4; ?,4,5",        // b's unknown batch broadcast against a's known heads
        "?,3,4; 4",              // batch times vector
        "3; ?,3,4"})             // vector times batch
    void derivativesMatchGraphsOfKnownSize(String aDims, String bDims) {
        for (int batch : BATCHES) {
            Tensor a = Tensor.randomNormal(100 + batch, 0, 1, sized(aDims, batch));
            Tensor b = Tensor.randomNormal(200 + batch, 0, 1, sized(bDims, batch));
            Tensor va = Tensor.randomNormal(300 + batch, 0, 1, sized(aDims, batch));
            Tensor vb = Tensor.randomNormal(400 + batch, 0, 1, sized(bDims, batch));
            List<Tensor> known = derivatives(sized(aDims, batch), sized(bDims, batch), a, b, va, vb);
            List<Tensor> unknown = derivatives(declared(aDims), declared(bDims), a, b, va, vb);
            for (int i = 0; i < known.size(); i++) {
                String what = (i < 2 ? "gradient" : "Hessian-vector product") + " by " + (i % 2 == 0 ? "a" : "b")
                        + ", batch " + batch;
                assertEquals(known.get(i).shape(), unknown.get(i).shape(), what);
                double[] k = known.get(i).toArray();
                double[] u = unknown.get(i).toArray();
                for (int j = 0; j < k.length; j++) {
                    int at = j;
                    assertTrue(Math.abs(k[j] - u[j]) <= 1e-12 * (1 + Math.abs(k[j])),
                            () -> what + ", element " + at + ": " + u[at] + " with the batch unknown, " + k[at] + " known");
                }
            }
            GradCheck.assertPasses(xs -> xs.get(0).matmul(xs.get(1)).square(), List.of(a, b));
        }
    }

    /**
     * The gradient of {@code sum((a·b)^2)} by a and b, then its Hessian times {@code (va, vb)}:
     * the second order passes through the product's rule twice.
     */
    private static List<Tensor> derivatives(int[] aDims, int[] bDims, Tensor a, Tensor b, Tensor va, Tensor vb) {
        Graph g = new Graph();
        Node an = g.input("a", aDims);
        Node bn = g.input("b", bDims);
        Node van = g.input("va", aDims);
        Node vbn = g.input("vb", bDims);
        Node loss = an.matmul(bn).square().sum();
        List<Node> fetches = new ArrayList<>(Grad.grad(loss, List.of(an, bn), Grad.Unused.ERROR));
        fetches.addAll(Grad.hvp(loss, List.of(an, bn), List.of(van, vbn)));
        return new Session(new ParamStore()).run(Map.of(an, a, bn, b, van, va, vbn, vb), fetches.toArray(new Node[0]));
    }

    private static int[] declared(String dims) {
        return sized(dims, Shape.UNKNOWN);
    }

    private static int[] sized(String dims, int batch) {
        String[] parts = dims.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i].trim().equals("?") ? batch : Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
