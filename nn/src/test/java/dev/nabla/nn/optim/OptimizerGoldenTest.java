// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Init;
import dev.nabla.nn.Param;
import dev.nabla.nn.io.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins every built-in optimizer to the exact bits and state names it had before its state became
 * typed, so old checkpoints keep loading and training continues from them as if never
 * interrupted. {@code optimizer-golden.txt} and the {@code <name>-step3.ckpt} files beside it were
 * written by the untyped transforms (commit 336a7f4, whose version of this test had the writer).
 */
class OptimizerGoldenTest {
    static final int STEPS = 3;
    static final double LR = 0.05;

    static Map<String, java.util.function.Supplier<Optimizer>> optimizers() {
        Map<String, java.util.function.Supplier<Optimizer>> all = new LinkedHashMap<>();
        all.put("sgd", Optimizer::sgd);
        all.put("momentum", () -> Optimizer.momentum(0.9));
        all.put("nesterov", () -> Optimizer.nesterov(0.9));
        all.put("adagrad", Optimizer::adagrad);
        all.put("rmsprop", Optimizer::rmsprop);
        all.put("adam", Optimizer::adam);
        all.put("adamW", () -> Optimizer.adamW(0.01));
        all.put("clippedAdam", () -> Optimizer.adam().clipByGlobalNorm(0.5));
        all.put("clippedMomentum", () -> Optimizer.momentum(0.9).clipByGlobalNorm(0.5));
        return all;
    }

    /** Two params of different shapes, so global-norm clipping has more than one gradient to scale. */
    static final List<Param> PARAMS = List.of(Param.of("dense/w", Shape.of(2, 3), Init.zeros()),
            Param.of("dense/b", Shape.of(3), Init.zeros()));

    /** A training step on a small least-squares problem, and the store it updates. */
    record Run(Plan plan, ParamStore store, Node lr) {
        static Run of(Optimizer opt, ParamStore store) {
            Graph g = new Graph();
            Context ctx = Context.of(g);
            Node w = ctx.param(PARAMS.get(0));
            Node b = ctx.param(PARAMS.get(1));
            Node x = g.constant(Tensor.of(Shape.of(4, 2), 0.5, -1.0, 2.0, 0.25, -1.5, 1.0, 0.75, 3.0));
            Node y = g.constant(Tensor.of(Shape.of(4, 3), 1, 0, -1, 2, 1, 0, -2, 0.5, 1, 0, 3, -1));
            Node loss = x.matmul(w).add(b).sub(y).square().sum();
            List<Node> grads = List.of(Grad.grad(loss, w), Grad.grad(loss, b));
            Plan plan = new Session(store).compile(List.of(loss), opt.step(ctx, PARAMS, grads));
            return new Run(plan, store, opt.learningRate(g));
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                plan.run(Map.of(lr, Tensor.scalar(LR)));
            }
        }
    }

    static ParamStore fresh(Optimizer opt) {
        ParamStore store = new ParamStore().put("dense/w", Tensor.of(Shape.of(2, 3), 0.3, -0.2, 0.1, 0.5, -0.4, 0.2))
                .put("dense/b", Tensor.of(Shape.of(3), 0.05, -0.1, 0.15));
        for (Param s : opt.state(PARAMS)) {
            store.put(s.name(), s.init().sample(s.shape(), 0));
        }
        return store;
    }

    /** Each value's name, shape and raw bits, one line each, sorted by name. */
    static String fingerprint(String label, ParamStore store) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Tensor> e : new TreeMap<>(store.snapshot()).entrySet()) {
            out.append(label).append(' ').append(e.getKey()).append(' ').append(e.getValue().shape());
            for (double d : e.getValue().toArray()) {
                out.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(d)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String golden() throws IOException {
        try (InputStream in = OptimizerGoldenTest.class.getResourceAsStream("optimizer-golden.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String goldenOf(String label) throws IOException {
        StringBuilder out = new StringBuilder();
        golden().lines().filter(l -> l.startsWith(label + " ")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    @TestFactory
    Stream<DynamicTest> stepsAndStateNamesAreBitForBitAsBefore() {
        return optimizers().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Optimizer opt = e.getValue().get();
            Run run = Run.of(opt, fresh(opt));
            run.steps(STEPS);
            String after3 = fingerprint(e.getKey() + "@3", run.store());
            run.steps(STEPS);
            String after6 = fingerprint(e.getKey() + "@6", run.store());
            assertEquals(goldenOf(e.getKey() + "@3"), after3);
            assertEquals(goldenOf(e.getKey() + "@6"), after6);
        }));
    }

    @TestFactory
    Stream<DynamicTest> oldCheckpointsLoadAndTrainingContinuesIdentically() {
        return optimizers().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Optimizer opt = e.getValue().get();
            Path file = Path.of(OptimizerGoldenTest.class.getResource(e.getKey() + "-step3.ckpt").toURI());
            List<Param> expected = new ArrayList<>(PARAMS);
            expected.addAll(opt.state(PARAMS));
            ParamStore store = new ParamStore();
            Checkpoint.load(file, store, expected);
            assertEquals(goldenOf(e.getKey() + "@3"), fingerprint(e.getKey() + "@3", store));
            Run.of(opt, store).steps(STEPS);
            assertEquals(goldenOf(e.getKey() + "@6"), fingerprint(e.getKey() + "@6", store));
        }));
    }
}
