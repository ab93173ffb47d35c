// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.nn.data.Datasets;
import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Convolutions;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Gemm;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Determinism (issue 8): the same seed gives the same bits over a whole training run, whether the
 * kernels use one thread or two. The model has everything that could break it: shuffling,
 * dropout's random masks, batch norm's running statistics, Adam's state, and products large
 * enough that the kernels split them across threads.
 */
class DeterminismTest {
    private static final Dataset DIGITS = digits();

    private static Dataset digits() {
        Dataset d = Datasets.digits();
        double[][] stats = d.columnStats();
        return d.standardize(stats[0], stats[1]);
    }

    /** What one run leaves behind: its losses per epoch and every value in the store. */
    private record Outcome(double[] losses, Map<String, double[]> store) {}

    private static Outcome train(int threads) {
        return train(threads, DType.FLOAT64);
    }

    private static Outcome train(int threads, DType type) {
        Layer model = Sequential.of(
                Dense.of(64, 384, Init.he(), Init.zeros()), BatchNorm.of(384),
                Activation.of("relu", x -> dev.nabla.graph.Ops.maximum(x, x.graph().scalar(0.0))),
                Dropout.of(0.2, 5),
                Dense.of(384, 256), Activation.of("tanh", Node::tanh),
                Dense.of(256, 10));
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store, type);
        History h = trainer.fit(DIGITS, TrainOptions.defaults().epochs(3).batchSize(256).seed(11)
                .schedule(Schedule.constant(1e-3)).threads(threads).verbosity(TrainOptions.Verbosity.QUIET));
        double[] losses = h.get("loss").stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> values = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : store.snapshot().entrySet()) {
            values.put(e.getKey(), e.getValue().toArray());
        }
        return new Outcome(losses, values);
    }

    private static void assertSameBits(Outcome a, Outcome b, String what) {
        assertArrayEquals(a.losses(), b.losses(), what + ": losses per epoch");
        assertEquals(a.store().keySet(), b.store().keySet(), what + ": store entries");
        for (String name : a.store().keySet()) {
            // assertArrayEquals on doubles without a delta compares bits (via doubleToLongBits).
            assertArrayEquals(a.store().get(name), b.store().get(name), what + ": " + name);
        }
    }

    /** The suite runs this class twice, on OpenBLAS and with {@code -Dnabla.gemm=java}; check which this is. */
    @Test
    void runsOnTheMatrixProductItWasAskedFor() {
        boolean java = "java".equals(System.getProperty("nabla.gemm"));
        assertEquals(java ? "java" : "openblas", Gemm.backend());
        System.out.println("determinism checked on the " + Gemm.backend() + " matrix product");
    }

    @Test
    void theSameSeedGivesTheSameBitsTwice() {
        Outcome first = train(2);
        Outcome second = train(2);
        assertSameBits(first, second, "two runs on two threads");
        System.out.println("two runs, losses " + java.util.Arrays.toString(first.losses()) + ": bit-identical");
    }

    @Test
    void oneThreadGivesTheSameBitsAsTwo() {
        Outcome one = train(1);
        Outcome two = train(2);
        assertSameBits(one, two, "one thread against two");
        System.out.println("1 vs 2 threads, losses " + java.util.Arrays.toString(one.losses()) + ": bit-identical");
    }

    /**
     * Batches of products (a convolution's per image, attention's per head), their gradients and
     * the reductions over them keep their bits on 1, 2 and 3 threads, in both types.
     */
    @Test
    void batchesOfSmallProductsGiveTheSameBitsOnAnyThreadCount() {
        for (DType type : DType.values()) {
            Graph g = new Graph(type);
            Node x = g.input("x", Shape.UNKNOWN, 3, 12, 12);
            Node w = g.param("w", 8, 3, 3, 3);
            Node q = g.param("q", 8, 20);
            Node conv = Convolutions.conv2d(x, w, 1, 1, 1, 1).reshape(-1, 8, 144).tanh();   // 9 products per image
            Node scores = Ops.matmul(conv.transpose(), conv);                            // [N, 144, 144]: one per image
            Node loss = Ops.matmul(q.transpose(), conv).sum().add(scores.mul(1e-3).sum());
            List<Node> grads = Grad.grad(loss, List.of(x, w, q), Grad.Unused.ERROR);
            List<Node> fetches = new java.util.ArrayList<>(grads);
            fetches.add(loss);
            ParamStore store = new ParamStore().put("w", Tensor.randomNormal(1, 0, 0.3, 8, 3, 3, 3).to(type))
                    .put("q", Tensor.randomNormal(2, 0, 0.3, 8, 20).to(type));
            Map<Node, Tensor> feeds = Map.of(x, Tensor.randomNormal(3, 0, 1, 7, 3, 12, 12).to(type));
            assertSameBitsOnThreads(store, feeds, fetches, type, 2, 3);
        }
    }

    /**
     * A batch of three products big enough to cut into blocks: each product whole on one thread
     * on 3 threads, each product's blocks shared on 2 (which do not divide the batch) and on 4
     * (more than the batch). The same bits on all.
     */
    @Test
    void batchesOfLargeProductsGiveTheSameBitsOnAnyThreadCount() {
        for (DType type : DType.values()) {
            Graph g = new Graph(type);
            Node a = g.input("a", 3, 300, 64);
            Node b = g.param("b", 3, 64, 300);
            Node y = Ops.matmul(a, b).tanh();                                      // 5.8 million multiply-adds each
            Node loss = y.mul(y).sum();
            List<Node> fetches = new java.util.ArrayList<>(Grad.grad(loss, List.of(a, b), Grad.Unused.ERROR));
            fetches.add(y);
            ParamStore store = new ParamStore().put("b", Tensor.randomNormal(4, 0, 0.2, 3, 64, 300).to(type));
            Map<Node, Tensor> feeds = Map.of(a, Tensor.randomNormal(5, 0, 1, 3, 300, 64).to(type));
            assertSameBitsOnThreads(store, feeds, fetches, type, 2, 3, 4);
        }
    }

    /** Runs the fetches on one thread, then on each of {@code threads}, and requires the same bits. */
    private static void assertSameBitsOnThreads(ParamStore store, Map<Node, Tensor> feeds, List<Node> fetches,
            DType type, int... threads) {
        Node[] nodes = fetches.toArray(new Node[0]);
        List<Tensor> one = new Session(store).threads(1).run(feeds, nodes);
        for (int t : threads) {
            List<Tensor> many = new Session(store).threads(t).run(feeds, nodes);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i).toArray(), many.get(i).toArray(),
                        type + ", fetch " + i + ", 1 thread against " + t);
            }
        }
    }

    /** float32 too: sgemm's blocks depend on the shapes alone, as dgemm's do. */
    @Test
    void inFloat32OneThreadGivesTheSameBitsAsTwo() {
        Outcome one = train(1, DType.FLOAT32);
        Outcome two = train(2, DType.FLOAT32);
        assertSameBits(one, two, "float32, one thread against two");
        System.out.println("float32, 1 vs 2 threads, losses " + java.util.Arrays.toString(one.losses()) + ": bit-identical");
    }
}
