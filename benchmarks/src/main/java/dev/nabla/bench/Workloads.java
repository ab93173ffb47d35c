// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.TransformerBlock;
import dev.nabla.nn.activation.ActivationLayers;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The workloads of the comparison with PyTorch ({@code benchmarks/peer/workloads.py} builds the
 * same ones), each built and compiled once; a timed call runs the compiled plan on fixed feeds.
 * Shared by {@link WorkloadBenchmark} and the smoke test, so the test checks what is timed.
 */
final class Workloads {
    /** The MLP of the training workloads: 784-256-256-10 with ReLU. */
    static final int[] MLP = {784, 256, 256, 10};
    /** The attention step's batch, time, width and heads. */
    static final int[] ATTENTION = {32, 64, 128, 4};
    /** The SGD learning rate of the training step. */
    static final double LR = 0.01;
    private static final long SEED = 42;

    private Workloads() {}

    /** A compiled plan and the feeds it runs with; {@code store} holds the params it reads and updates. */
    record Workload(Plan plan, Map<Node, Tensor> feeds, ParamStore store) {
        /** @return the fetched values of one run */
        List<Tensor> run() {
            return plan.run(feeds);
        }
    }

    /** A model's graph up to the loss (an MLP's, the CNN's, a transformer block's), params initialised, feeds drawn. */
    private record Mlp(Graph g, Context ctx, Node loss, List<Param> params, List<Node> nodes,
            Map<Node, Tensor> feeds, ParamStore store) {}

    /**
     * One SGD step of the MLP on softmax cross-entropy with integer labels, compiled the way
     * {@code Trainer} compiles its training plan; a run fetches the loss and updates the params.
     *
     * @param batch rows per step
     * @param dtype the element type 
     * @param threads the session's kernel threads
     * @return the step; each run trains on the same fixed batch
     */
    static Workload mlpStep(int batch, DType dtype, int threads) {
        return sgdStep(mlp(MLP, batch, dtype), threads);
    }

    /**
     * One SGD step of the LeNet-style CNN ({@link LeNet}) on softmax cross-entropy with integer
     * labels, compiled as {@link #mlpStep} is; a run fetches the loss and updates the params.
     *
     * @param batch images per step, each {@code [1, 28, 28]}
     * @param dtype the element type
     * @param threads the session's kernel threads
     * @return the step; each run trains on the same fixed batch
     */
    static Workload convStep(int batch, DType dtype, int threads) {
        return sgdStep(classifier(LeNet.model(), new int[] {1, LeNet.SIDE, LeNet.SIDE}, LeNet.CLASSES, batch, dtype),
                threads);
    }

    /**
     * One SGD step of a pre-norm transformer block ({@link TransformerBlock}: attention with 4
     * heads, an MLP of 512 with GELU, no dropout) on inputs {@code [32, 64, 128]}, the loss the mean
     * square of its output; compiled as {@link #mlpStep} is.
     *
     * @param dtype the element type
     * @param threads the session's kernel threads
     * @return the step; each run trains on the same fixed batch
     */
    static Workload attentionStep(DType dtype, int threads) {
        Graph g = new Graph(dtype);
        Context ctx = Context.of(g);
        TransformerBlock block = TransformerBlock.of(ATTENTION[2], ATTENTION[3], 4 * ATTENTION[2], 0.0, SEED);
        Node x = g.input("x", Shape.UNKNOWN, ATTENTION[1], ATTENTION[2]);
        Node loss = block.apply(x, ctx).square().mean().named("loss");
        List<Param> params = block.params();
        ParamStore store = Params.initialize(block, new ParamStore(), SEED, dtype);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.randomNormal(SEED + 1, 0, 1, ATTENTION[0], ATTENTION[1],
                ATTENTION[2]).to(dtype), ctx.training(), Context.TRAIN.to(dtype));
        return sgdStep(new Mlp(g, ctx, loss, params, params.stream().map(ctx::param).toList(), feeds, store), threads);
    }

    private static Workload sgdStep(Mlp m, int threads) {
        Optimizer sgd = Optimizer.sgd();
        List<Node> grads = Grad.grad(m.loss(), m.nodes(), Grad.Unused.ZERO);
        Map<Node, Node> updates = sgd.step(m.ctx(), m.params(), grads);
        Map<Node, Tensor> feeds = new HashMap<>(m.feeds());
        feeds.put(sgd.learningRate(m.g()), Tensor.scalar(LR).to(m.g().dtype()));
        Plan plan = new Session(m.store()).threads(threads).compile(List.of(m.loss()), updates);
        return new Workload(plan, Map.copyOf(feeds), m.store());
    }

    /**
     * The Hessian-vector product of the MLP's loss by double backward, {@code Grad.hvp}, in fixed
     * random directions (one per param, fed as inputs); a run fetches {@code H v} for every param.
     *
     * @param batch rows
     * @param dtype the element type 
     * @param threads the session's kernel threads
     * @return the workload
     */
    static Workload mlpHvp(int batch, DType dtype, int threads) {
        Mlp m = mlp(MLP, batch, dtype);
        Map<Node, Tensor> feeds = new HashMap<>(m.feeds());
        List<Node> vs = new ArrayList<>();
        for (int i = 0; i < m.params().size(); i++) {
            Param p = m.params().get(i);
            Node v = m.g().input("v/" + p.name(), p.shape().dims());
            vs.add(v);
            feeds.put(v, Tensor.randomNormal(SEED + 100 + i, 0, 1, p.shape().dims()).to(dtype));
        }
        List<Node> hv = Grad.hvp(m.loss(), m.nodes(), vs);
        Plan plan = new Session(m.store()).threads(threads).compile(hv, Map.of());
        return new Workload(plan, Map.copyOf(feeds), m.store());
    }

    private static Mlp mlp(int[] widths, int batch, DType dtype) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            if (i > 0) {
                layers.add(ActivationLayers.of("relu"));
            }
            layers.add(Dense.of(widths[i], widths[i + 1]));
        }
        return classifier(Sequential.of(layers.toArray(new Layer[0])), new int[] {widths[0]}, widths[widths.length - 1],
                batch, dtype);
    }

    /** A classifier's graph up to the loss on inputs {@code [batch, item...]}, params initialised, feeds drawn. */
    private static Mlp classifier(Layer model, int[] item, int classes, int batch, DType dtype) {
        Graph g = new Graph(dtype);
        Context ctx = Context.of(g);
        int[] dims = new int[item.length + 1];
        int[] fed = new int[item.length + 1];
        dims[0] = Shape.UNKNOWN;
        fed[0] = batch;
        System.arraycopy(item, 0, dims, 1, item.length);
        System.arraycopy(item, 0, fed, 1, item.length);
        Node x = g.input("x", dims);
        Node labels = g.input("labels", Shape.UNKNOWN);
        Node loss = Losses.softmaxCrossEntropy(model.apply(x, ctx), labels).named("loss");
        List<Param> params = model.params();
        ParamStore store = Params.initialize(model, new ParamStore(), SEED, dtype);
        // Fed in the graph's type, as PyTorch's batches are, so a run converts nothing.
        Map<Node, Tensor> feeds = Map.of(
                x, Tensor.randomNormal(SEED + 1, 0, 1, fed).to(dtype),
                labels, labels(batch, classes).to(dtype),
                ctx.training(), Context.TRAIN.to(dtype));
        return new Mlp(g, ctx, loss, params, params.stream().map(ctx::param).toList(), feeds, store);
    }

    private static Tensor labels(int n, int classes) {
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return Tensor.fromArray(y, n);
    }

    /**
     * The value of a chain of tiny scalar ops, {@code mul 0.5, add 0.1, tanh, exp} repeated
     * (bounded: after each exp the value lies in {@code [1/e, e]}).
     *
     * @param x the scalar input
     * @param ops the chain's length
     * @return the last value
     */
    static Node chain(Node x, int ops) {
        Node v = x;
        for (int i = 0; i < ops; i++) {
            v = switch (i % 4) {
                case 0 -> v.mul(0.5);
                case 1 -> v.add(0.1);
                case 2 -> v.tanh();
                default -> v.exp();
            };
        }
        return v;
    }

    /**
     * The tiny chain, forward and backward: a run fetches its last value and that value's
     * derivative by the input. The graph and its gradient are built and compiled once.
     *
     * @param ops the chain's length
     * @param x0 the input's value
     * @param dtype the element type 
     * @param threads the session's kernel threads
     * @return the workload
     */
    static Workload tinyChain(int ops, double x0, DType dtype, int threads) {
        Graph g = new Graph(dtype);
        Node x = g.input("x");
        Node y = chain(x, ops);
        ParamStore store = new ParamStore();
        Plan plan = new Session(store).threads(threads).compile(y, Grad.grad(y, x));
        return new Workload(plan, Map.of(x, Tensor.scalar(x0).to(dtype)), store);
    }

    /**
     * {@code layers} times Dense(width, width) and tanh; a run fetches the gradient of the sum of
     * the output by every param (no update).
     *
     * @param layers how many Dense-tanh pairs
     * @param width the width of every layer and of the input
     * @param batch rows
     * @param dtype the element type 
     * @param threads the session's kernel threads
     * @return the workload
     */
    static Workload deepTanh(int layers, int width, int batch, DType dtype, int threads) {
        Layer[] stack = new Layer[2 * layers];
        for (int i = 0; i < layers; i++) {
            stack[2 * i] = Dense.of(width, width);
            stack[2 * i + 1] = ActivationLayers.of("tanh");
        }
        Layer model = Sequential.of(stack);
        Graph g = new Graph(dtype);
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, width);
        Node loss = model.apply(x, ctx).sum();
        List<Node> params = model.params().stream().map(ctx::param).toList();
        ParamStore store = Params.initialize(model, new ParamStore(), SEED, dtype);
        Plan plan = new Session(store).threads(threads).compile(Grad.grad(loss, params, Grad.Unused.ZERO), Map.of());
        return new Workload(plan, Map.of(x, Tensor.randomNormal(SEED + 1, 0, 1, batch, width).to(dtype),
                ctx.training(), Context.TRAIN.to(dtype)), store);
    }

    /**
     * {@code y = tanh(x) * sigmoid(x) + x} over a vector, forward only.
     *
     * @param n elements
     * @param dtype the element type 
     * @param threads the session's kernel threads
     * @return the workload
     */
    static Workload elementwise(int n, DType dtype, int threads) {
        Graph g = new Graph(dtype);
        Node x = g.input("x", n);
        Node y = x.tanh().mul(Ops.unary(UnaryFn.SIGMOID, x)).add(x);
        ParamStore store = new ParamStore();
        return new Workload(new Session(store).threads(threads).compile(y), Map.of(x, Tensor.randomNormal(SEED, 0, 1, n).to(dtype)), store);
    }

    /**
     * {@code C = A B} for square matrices.
     *
     * @param n the side
     * @param dtype the element type 
     * @param threads the session's kernel threads
     * @return the workload
     */
    static Workload matmul(int n, DType dtype, int threads) {
        Graph g = new Graph(dtype);
        Node a = g.input("a", n, n);
        Node b = g.input("b", n, n);
        ParamStore store = new ParamStore();
        return new Workload(new Session(store).threads(threads).compile(a.matmul(b)), Map.of(
                a, Tensor.randomNormal(SEED, 0, 1, n, n).to(dtype),
                b, Tensor.randomNormal(SEED + 1, 0, 1, n, n).to(dtype)), store);
    }

    /**
     * A graph of exactly {@code nodes} nodes for the compile benchmark: an input of 16 elements,
     * then a chain cycling tanh, sin, add and mul, each binary op joining the chain's last two values.
     *
     * @param nodes how many nodes the graph has, the input included; at least 2
     * @return the last node
     */
    static Node compileGraph(int nodes) {
        Graph g = new Graph();
        Node prev = g.input("x", 16);
        Node v = prev.tanh();
        for (int count = 2; count < nodes; count++) {
            Node next = switch (count % 4) {
                case 0 -> v.tanh();
                case 1 -> v.sin();
                case 2 -> v.add(prev);
                default -> v.mul(prev);
            };
            prev = v;
            v = next;
        }
        return v;
    }

    /**
     * How much {@code Grad.grad} grows a graph: the nodes a plan of the loss runs, and how many
     * more a plan of the loss and all its gradients runs (leaves and constants included).
     *
     * @param forward nodes of the loss's plan
     * @param added nodes the gradients add
     */
    record Growth(int forward, int added) {
        /** @return added nodes per forward node */
        double ratio() {
            return added / (double) forward;
        }
    }

    /**
     * The growth of an MLP of {@code layers} Dense layers (784, then 256 wide, then 10) with
     * ReLU between them and softmax cross-entropy on integer labels.
     *
     * @param layers Dense layers, at least 2
     * @return the node counts
     */
    static Growth gradGrowth(int layers) {
        int[] widths = new int[layers + 1];
        java.util.Arrays.fill(widths, 256);
        widths[0] = MLP[0];
        widths[layers] = MLP[MLP.length - 1];
        Mlp m = mlp(widths, 1, DType.FLOAT64);
        // Plain plans: this counts what grad adds to the graph, not what the rewrites leave to run.
        Session session = new Session(m.store()).optimize(false);
        int forward = session.compile(m.loss()).nodes().size();
        List<Node> fetches = new ArrayList<>(List.of(m.loss()));
        fetches.addAll(Grad.grad(m.loss(), m.nodes(), Grad.Unused.ZERO));
        int all = session.compile(fetches, Map.of()).nodes().size();
        return new Growth(forward, all - forward);
    }
}
