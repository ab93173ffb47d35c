// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

/**
 * Prints how much {@code Grad.grad} grows the graph of a 10-layer MLP, as one line for
 * {@code benchmarks/compare}: {@code grad_growth_mlp10 nodes_forward=F nodes_added=A ratio=A/F}.
 * A count, not a timing: it needs no JMH.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.nabla.bench.GradGrowth}
 */
public final class GradGrowth {
    private GradGrowth() {}

    /**
     * Prints the line.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Workloads.Growth g = Workloads.gradGrowth(10);
        System.out.printf(java.util.Locale.ROOT, "grad_growth_mlp10 nodes_forward=%d nodes_added=%d ratio=%.2f%n",
                g.forward(), g.added(), g.ratio());
    }
}
