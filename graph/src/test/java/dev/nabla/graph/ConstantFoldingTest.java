// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans compute what depends on constants alone once; the values stay what a run would give. */
class ConstantFoldingTest {
    @Test
    void aFoldedSubgraphGivesWhatARunGivesAndStaysPutAcrossRuns() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node c = g.constant(Tensor.fromArray(new double[] {1, 2, 3}, 3)).exp().mul(0.5);  // constants only
        Node y = x.add(c);
        Plan plan = new Session(new ParamStore()).compile(c, y);
        Tensor feed = Tensor.fromArray(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        for (int run = 0; run < 3; run++) {
            List<Tensor> out = plan.run(Map.of(x, feed));
            double[] want = {Math.exp(1) * 0.5, Math.exp(2) * 0.5, Math.exp(3) * 0.5};
            assertArrayEquals(want, out.get(0).toArray(), 0.0);
            assertArrayEquals(new double[] {want[0], 1 + want[1], 2 + want[2], 3 + want[0], 4 + want[1], 5 + want[2]},
                    out.get(1).toArray(), 0.0);
        }
    }

    @Test
    void randomOpsOfConstantsAreNotFolded() {
        Graph g = new Graph();
        Node r = Randoms.uniform(g, 0, 1, 7, 4).mul(g.scalar(2.0));
        Plan plan = new Session(new ParamStore(), 1).compile(r);
        assertNotEquals(plan.run(Map.of()).get(0), plan.run(Map.of()).get(0), "each run draws anew");
    }

    @Test
    void aKernelThatFailsOnConstantsStillFailsAtRunTimeNamingTheNode() {
        Graph g = new Graph();
        Node idx = g.constant(Tensor.fromArray(new double[] {5}, 1));
        Node hot = Indexing.oneHot(idx, 3);
        Plan plan = new Session(new ParamStore()).compile(hot);
        EvaluationException e = assertThrows(EvaluationException.class, () -> plan.run(Map.of()));
        assertTrue(e.getMessage().contains("one_hot") && e.getMessage().contains("ConstantFoldingTest.java"), e.getMessage());
        assertEquals(List.of(), plan.inputs());
    }
}
