// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Randoms;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.UnaryFn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;

/**
 * Fuzzes the public graph API with random sequences of calls and random, mostly invalid arguments:
 * sizes that are zero, negative or unknown, axes out of range, nulls, nodes of another graph,
 * tensors whose values do not fill their shape, runs with feeds of the wrong shape or for the
 * wrong node, gradients of anything by anything. Whatever happens, a call returns or throws a
 * {@link NablaException} (or a subclass) with a message: never a NullPointerException, an index
 * error, a ClassCastException or an IllegalArgumentException from the JDK. A failure prints the
 * seed of the sequence and every call made so far; {@code -Dnabla.fuzz=N} sets the number of
 * sequences.
 */
class GraphFuzzProperties implements WithQuickTheories {
    private static final long SEED = 0xF022ED6L;
    private static final int STEPS = 25;

    @Test
    void randomCallsOnlyEverThrowNablaExceptions() {
        qt().withFixedSeed(SEED).withExamples(Integer.getInteger("nabla.fuzz", 3000)).withShrinkCycles(0)
                .forAll(longs().all())
                .checkAssert(seed -> new Fuzzer(seed).run(STEPS));
    }

    /** A kind of call, by name for the report. */
    record Call(String name, Supplier<Object> body) {}

    /** One random sequence of calls, drawn from its seed. */
    static final class Fuzzer {
        private final long seed;
        private final SplittableRandom rnd;
        private final Graph g = new Graph();
        private final Graph other = new Graph();
        private final List<Node> pool = new ArrayList<>();
        private final List<Node> strangers = new ArrayList<>();
        private final ParamStore store = new ParamStore();
        private final List<String> log = new ArrayList<>();
        private final List<Call> calls = List.of(
                new Call("input", this::input),
                new Call("param", this::param),
                new Call("constant", () -> g.constant(tensor())),
                new Call("unary", () -> Ops.unary(pick(UnaryFn.values()), node())),
                new Call("binary", () -> Ops.binary(pick(BinaryFn.values()), node(), node())),
                new Call("compare", () -> Ops.compare(pick(Compare.Fn.values()), node(), node())),
                new Call("composite", this::composite),
                new Call("where", () -> Ops.where(node(), node(), node())),
                new Call("matmul", () -> Ops.matmul(node(), node())),
                new Call("reduction", this::reduction),
                new Call("reshape", () -> Ops.reshape(node(), dims())),
                new Call("permute", this::permute),
                new Call("transpose", () -> Ops.transpose(node())),
                new Call("expand", () -> Ops.expand(node(), dims())),
                new Call("slice", () -> Indexing.slice(node(), axis(), small(), small())),
                new Call("pad", () -> Indexing.pad(node(), axis(), small(), small(), value())),
                new Call("concat", () -> Indexing.concat(axis(), nodes())),
                new Call("gather", () -> Indexing.gather(node(), node(), axis())),
                new Call("one_hot", () -> Indexing.oneHot(node(), small())),
                new Call("named", () -> known().named(name())),
                new Call("random", this::random),
                new Call("tensor", this::tensorMisuse),
                new Call("run", this::run),
                new Call("grad", this::grad));

        Fuzzer(long seed) {
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
            pool.add(g.input("x", 2, 3));
            pool.add(g.input("b", Shape.UNKNOWN, 3));
            pool.add(g.param("w", 3, 2));
            store.put("w", Tensor.ones(3, 2));
            strangers.add(other.input("x", 2, 3));
            strangers.add(other.param("w", 3, 2));
        }

        void run(int steps) {
            for (int k = 0; k < steps; k++) {
                Call call = calls.get(rnd.nextInt(calls.size()));
                log.add(call.name() + ":");
                try {
                    Object out = call.body().get();
                    if (out instanceof Node n && n.graph() == g) {
                        pool.add(n);
                    }
                } catch (NablaException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), () -> report("a blank message", e));
                } catch (Throwable t) {
                    throw new AssertionError(report("a non-Nabla exception", t), t);
                }
            }
        }

        private String report(String what, Throwable t) {
            return "seed " + seed + ": " + what + ": " + t + "\ncalls:\n  " + String.join("\n  ", log);
        }

        // The calls that need more than one line.

        private Object input() {
            return g.input(name(), dims());
        }

        private Object param() {
            String name = name();
            int[] dims = dims();
            Node p = g.param(name, dims);
            store.put(name, rnd.nextInt(4) == 0 ? tensor() : Tensor.zeros(p.shape()));
            return p;
        }

        private Object composite() {
            Node a = node();
            Node b = node();
            return switch (rnd.nextInt(6)) {
                case 0 -> Ops.sub(a, b);
                case 1 -> Ops.div(a, b);
                case 2 -> Ops.minimum(a, b);
                case 3 -> Ops.gt(a, b);
                case 4 -> Ops.ge(a, b);
                default -> Ops.stopGradient(a);
            };
        }

        /** Half the time a true permutation of a node's axes, else random axes. */
        private Object permute() {
            if (rnd.nextBoolean()) {
                return Ops.permute(node(), ints());
            }
            Node x = known();
            List<Integer> axes = new ArrayList<>();
            for (int i = 0; i < x.shape().rank(); i++) {
                axes.add(i);
            }
            java.util.Collections.shuffle(axes, new java.util.Random(rnd.nextLong()));
            note("permute", x.describe(), axes);
            return Ops.permute(x, axes.stream().mapToInt(Integer::intValue).toArray());
        }

        private Object reduction() {
            Node x = node();
            boolean keep = rnd.nextBoolean();
            int[] axes = rnd.nextInt(10) == 0 ? null : ints();
            return switch (rnd.nextInt(5)) {
                case 0 -> Reductions.sum(x, keep, axes);
                case 1 -> Reductions.max(x, keep, axes);
                case 2 -> Reductions.min(x, keep, axes);
                case 3 -> Reductions.mean(x, keep, axes);
                default -> Reductions.logsumexp(x, keep, axes);
            };
        }

        private Object random() {
            Graph graph = rnd.nextInt(10) == 0 ? null : g;
            return switch (rnd.nextInt(4)) {
                case 0 -> Randoms.uniform(graph, value(), value(), rnd.nextLong(), dims());
                case 1 -> Randoms.normal(graph, value(), value(), rnd.nextLong(), dims());
                case 2 -> Randoms.bernoulliLike(node(), value(), rnd.nextLong());
                default -> Randoms.normalLike(node(), value(), value(), rnd.nextLong());
            };
        }

        private Object tensorMisuse() {
            int[] dims = dims();
            return switch (rnd.nextInt(6)) {
                case 0 -> Shape.of(dims);
                case 1 -> Tensor.fromArray(new double[rnd.nextInt(7)], dims);
                case 2 -> Tensor.zeros(dims);
                case 3 -> tensor().reshape(dims);
                case 4 -> tensor().get(dims);
                default -> Shape.of(dims).dim(axis());
            };
        }

        /** Half the runs feed every input a fitting value and fetch nodes of the graph, so kernels run too. */
        private Object run() {
            boolean good = rnd.nextBoolean();
            Map<Node, Tensor> feeds = good ? feedsForAll() : new HashMap<>();
            for (int i = good ? rnd.nextInt(2) - 1 : rnd.nextInt(4); i >= 0; i--) {
                Node n = node();
                feeds.put(n, n != null && rnd.nextInt(3) > 0 ? fitting(n.shape(), rnd.nextInt(4)) : rnd.nextInt(10) == 0 ? null : tensor());
            }
            note("run", feeds.keySet().stream().map(n -> n == null ? "null" : n.label()).toList());
            Node[] fetches = good ? new Node[] {known(), known()} : nodes();
            return new Session(store, seed).run(feeds, fetches);
        }

        private Map<Node, Tensor> feedsForAll() {
            Map<Node, Tensor> feeds = new HashMap<>();
            int batch = rnd.nextInt(4);
            for (Node n : pool) {
                if (n.op().name().equals("input")) {
                    feeds.put(n, fitting(n.shape(), batch));
                }
            }
            return feeds;
        }

        /** Gradients of anything by anything, and half the time of a scalar by a node of its graph, then run. */
        private Object grad() {
            if (rnd.nextBoolean()) {
                Node y = node();
                Node x = node();
                return rnd.nextBoolean() ? Grad.grad(y, x)
                        : Grad.vjp(y, Arrays.asList(x, node()), node(), rnd.nextBoolean() ? Grad.Unused.ZERO : Grad.Unused.ERROR);
            }
            Node y = known();
            Node x = known();
            note("grad", y.describe(), x.describe());
            Node dx = Grad.grad(y.sum(), List.of(x), Grad.Unused.ZERO).get(0);
            return new Session(store, seed).run(feedsForAll(), dx);
        }

        // Random arguments, each noted in the log.

        private Node node() {
            int r = rnd.nextInt(20);
            Node n = r == 0 ? null : r == 1 ? strangers.get(rnd.nextInt(strangers.size())) : pool.get(rnd.nextInt(pool.size()));
            note("node", n == null ? "null" : n.describe() + (n.graph() == g ? "" : " (other graph)"));
            return n;
        }

        private Node known() {
            return pool.get(rnd.nextInt(pool.size()));
        }

        private Node[] nodes() {
            if (rnd.nextInt(15) == 0) {
                return null;
            }
            Node[] ns = new Node[rnd.nextInt(4)];
            for (int i = 0; i < ns.length; i++) {
                ns[i] = node();
            }
            return ns;
        }

        /** Sizes 0 to 3, unknown (-1) or negative, ranks 0 to 3; now and then null. */
        private int[] dims() {
            if (rnd.nextInt(20) == 0) {
                return null;
            }
            int[] d = new int[rnd.nextInt(4)];
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextInt(10) == 0 ? -1 - rnd.nextInt(2) : rnd.nextInt(4);
            }
            note("dims", Arrays.toString(d));
            return d;
        }

        private int[] ints() {
            int[] a = new int[rnd.nextInt(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = axis();
            }
            return a;
        }

        private int axis() {
            return (int) note("axis", rnd.nextInt(9) - 4)[0];
        }

        private int small() {
            return (int) note("int", rnd.nextInt(6) - 1)[0];
        }

        private double value() {
            double[] special = {0, 1, -1, 0.5, 2, Double.NaN, Double.POSITIVE_INFINITY, -3};
            return (double) note("value", special[rnd.nextInt(special.length)])[0];
        }

        private String name() {
            String[] names = {"x", "w", "y", "z", "", " ", null, "n" + rnd.nextInt(1000)};
            return (String) note("name", names[rnd.nextInt(names.length)])[0];
        }

        private Tensor tensor() {
            int[] d = new int[rnd.nextInt(4)];
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextInt(4);
            }
            return Tensor.full(value(), d);
        }

        /** A tensor of the given shape, the unknown size fixed to {@code batch}; small whole numbers, so indices may fit. */
        private Tensor fitting(Shape s, int batch) {
            int[] d = s.dims();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] < 0 ? batch : d[i];
            }
            Tensor t = Tensor.zeros(d);
            double[] v = new double[t.size()];
            Arrays.setAll(v, i -> rnd.nextInt(4));
            return Tensor.fromArray(v, d);
        }

        private <T> T pick(T[] values) {
            return rnd.nextInt(20) == 0 ? null : values[rnd.nextInt(values.length)];
        }

        private Object[] note(String what, Object... args) {
            int k = log.size() - 1;
            log.set(k, log.get(k) + " " + what + " " + Arrays.deepToString(args));
            return args;
        }
    }
}
