// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.exec.Anomalies;
import dev.nabla.graph.exec.CompileTime;
import dev.nabla.graph.exec.DTypeDispatch;
import dev.nabla.graph.exec.Feeds;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.storage.Buffers;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled computation: the nodes some fetches need, in topological order, each with a buffer
 * that is reused across runs and handed to a later node once its last reader has run.
 *
 * <p>A run reads one snapshot of the params, computes everything, returns the fetched values (in
 * arrays of their own, which no later run writes), and only then writes the updated params back,
 * all at once. A run with updates (a training step) is its store's only writer from that read to
 * that write, so steps of any plans and sessions on one store apply one after another; inference
 * runs take no lock and proceed in parallel on their own buffers.
 *
 * <p>Usage: {@code List<Tensor> out = plan.run(Map.of(x, batch));}
 */
public final class Plan {
    private static final int LAYOUTS_KEPT = 8;

    private final Session session;
    private final Graph graph;
    private final Node[] order;
    private final int[][] args;
    private final int[] fetchSlots;
    private final Node[] updatedParams;
    private final int[] updateSlots;
    private final List<Node> inputs = new ArrayList<>();
    private final int[] lastUse;
    /** Broadcasts of a scalar that are never filled: their readers take the scalar itself. */
    private final boolean[] scalarRead;
    /** Values known before any run: constants, and nodes computed from constants alone (folded once). */
    private final Tensor[] fixed;
    /**
     * Computed values a run hands over, fetched or written back as params: each run computes them
     * into a fresh array, which the caller or the store then owns, instead of copying them out of
     * a reused buffer (an 8 MB copy cost about 1.5 ms on top of the allocation).
     */
    private final boolean[] handedOut;
    private final Map<List<Shape>, Layout> layouts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Shape>, Layout> eldest) {
            return size() > LAYOUTS_KEPT;
        }
    };

    /**
     * Concrete shapes for one combination of feed shapes, and the workspaces of the runs that use
     * them: one per run in flight, kept for the next runs so that no run allocates.
     */
    private final class Layout {
        final Shape[] shapes;
        final Deque<Workspace> spare = new java.util.concurrent.ConcurrentLinkedDeque<>();

        Layout(Shape[] shapes) {
            this.shapes = shapes;
        }

        Workspace take() {
            Workspace ws = spare.poll();
            return ws != null ? ws : new Workspace(shapes);
        }
    }

    /**
     * The buffers of one run: values by slot, each node's operand array, and the float64 copies
     * of the nodes a float32 graph runs widened.
     */
    private final class Workspace {
        final Tensor[] values = new Tensor[order.length];
        final Tensor[][] args = new Tensor[order.length][];
        final DTypeDispatch.Widened[] wide = new DTypeDispatch.Widened[order.length];

        Workspace(Shape[] shapes) {
            Map<Integer, Deque<Tensor>> free = new HashMap<>();
            boolean[] released = new boolean[order.length];
            for (int i = 0; i < order.length; i++) {
                if (order[i].op() instanceof Leaf || fixed[i] != null) {
                    continue;
                }
                args[i] = new Tensor[Plan.this.args[i].length];
                if (scalarRead[i]) {
                    continue;
                }
                if (DTypeDispatch.widens(order[i].op(), graph.dtype())) {
                    Shape[] in = new Shape[args[i].length];
                    for (int j = 0; j < in.length; j++) {
                        in[j] = shapes[Plan.this.args[i][j]];
                    }
                    wide[i] = DTypeDispatch.Widened.of(in, shapes[i]);
                }
                int size = shapes[i].size();
                Tensor buf = free.getOrDefault(size, new ArrayDeque<>()).poll();
                values[i] = buf != null ? Buffers.share(buf, shapes[i]) : Buffers.zeros(graph.dtype(), shapes[i]);
                // Once a node's last reader has run, its buffer can hold a later node's value.
                for (int a : Plan.this.args[i]) {
                    if (lastUse[a] == i && values[a] != null && !released[a]) {
                        released[a] = true;
                        free.computeIfAbsent(values[a].size(), k -> new ArrayDeque<>()).push(values[a]);
                    }
                }
            }
        }
    }

    Plan(Session session, List<Node> fetches, Map<Node, Node> updates) {
        this.session = session;
        List<Node> outputs = Session.allOutputs(fetches, updates);
        if (outputs.isEmpty()) {
            throw new NablaException("compile: nothing to fetch or update");
        }
        this.graph = outputs.get(0).graph();
        for (Node n : outputs) {
            if (n.graph() != graph) {
                throw new NablaException("compile: " + n.label() + " belongs to another graph than "
                        + outputs.get(0).label() + "; a plan runs one graph");
            }
        }
        List<Map.Entry<Node, Node>> ups = new ArrayList<>(updates.entrySet());
        ups.sort(Comparator.comparingInt(e -> e.getKey().id()));
        this.updatedParams = new Node[ups.size()];
        for (int i = 0; i < ups.size(); i++) {
            updatedParams[i] = checkUpdate(ups.get(i).getKey(), ups.get(i).getValue());
        }
        this.order = GraphView.topologicalOrder(outputs).toArray(new Node[0]);
        Map<Node, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < order.length; i++) {
            slot.put(order[i], i);
            if (order[i].op() instanceof Leaf.Input) {
                inputs.add(order[i]);
            }
        }
        this.args = new int[order.length][];
        this.lastUse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            List<Node> in = order[i].inputs();
            args[i] = new int[in.size()];
            for (int j = 0; j < in.size(); j++) {
                args[i][j] = slot.get(in.get(j));
                lastUse[args[i][j]] = i;
            }
        }
        this.fetchSlots = fetches.stream().mapToInt(slot::get).toArray();
        this.updateSlots = ups.stream().mapToInt(e -> slot.get(e.getValue())).toArray();
        this.scalarRead = CompileTime.unfilledBroadcasts(order, args, fetchSlots, updateSlots, lastUse);
        this.fixed = CompileTime.foldConstants(order, args, scalarRead, graph.dtype());
        this.handedOut = new boolean[order.length];
        for (int s : fetchSlots) {
            lastUse[s] = Integer.MAX_VALUE;
            handedOut[s] = !(order[s].op() instanceof Leaf) && fixed[s] == null;
        }
        for (int s : updateSlots) {
            lastUse[s] = Integer.MAX_VALUE;
            handedOut[s] = !(order[s].op() instanceof Leaf) && fixed[s] == null;
        }
    }

    private Node checkUpdate(Node param, Node value) {
        if (param == null || value == null) {
            throw new NablaException("compile: an update has a null param or value");
        }
        if (!(param.op() instanceof Leaf.Param)) {
            throw new NablaException("compile: update target " + param.describe() + " is not a param; only params are updated");
        }
        if (param.graph() != value.graph()) {
            throw new NablaException("compile: the update of param " + param.label() + " is a node of another graph");
        }
        if (!param.shape().accepts(value.shape()) && !value.shape().accepts(param.shape())) {
            throw new ShapeException("compile: param " + param.label() + " " + param.shape()
                    + " cannot take the value of " + value.label() + " " + value.shape() + "; shapes differ");
        }
        return param;
    }

    /**
     * Lists the nodes in the order this plan runs them.
     *
     * @return the nodes this plan runs, in order (leaves included)
     */
    public List<Node> nodes() {
        return List.of(order);
    }

    /** Lists the inputs a run must be given values for. @return the inputs a run must feed */
    public List<Node> inputs() {
        return List.copyOf(inputs);
    }

    /**
     * Runs the plan once. Safe to call from several threads: a plan without updates runs them in
     * parallel, each on its own buffers; a plan with updates runs them one at a time, and one at
     * a time with every other writer of the session's store (see {@link ParamStore}).
     *
     * @param feeds a value for each input the plan needs; other inputs of the graph are ignored
     * @return the fetched values, in fetch order, each in an array no later run writes
     * @throws EvaluationException if a feed or param value is missing or ill-shaped, or a kernel
     *     rejects its input (an index out of range), naming the node
     * @throws AnomalyException if anomaly detection is on and a value is not finite
     */
    public List<Tensor> run(Map<Node, Tensor> feeds) {
        return run(feeds, session::nextRunSeed);
    }

    /**
     * Runs the plan once with the given seed for its random ops instead of the session's next
     * one, so a run can be repeated exactly: a distributed task that is retried draws the same
     * dropout masks as its first attempt.
     *
     * <p>Usage: {@code List<Tensor> out = plan.run(feeds, 42L);  // same feeds and seed, same numbers}
     *
     * @param feeds a value for each input the plan needs; other inputs of the graph are ignored
     * @param seed the seed of this run's random ops
     * @return the fetched values, in fetch order, each in an array no later run writes
     * @throws EvaluationException as {@link #run(Map)}
     */
    public List<Tensor> run(Map<Node, Tensor> feeds, long seed) {
        return run(feeds, () -> seed);
    }

    private List<Tensor> run(Map<Node, Tensor> feeds, java.util.function.LongSupplier seed) {
        if (updatedParams.length == 0) {
            return runOnce(feeds, seed);
        }
        // A step holds the store's writer lock from reading the params to committing their
        // updates, whichever plan or session runs it: no other step on the store can read the
        // same values in between and overwrite this one's updates with its own. Its workspace is
        // taken under the lock too, so waiting steps hold no buffers.
        return session.params().exclusively(() -> runOnce(feeds, seed));
    }

    private List<Tensor> runOnce(Map<Node, Tensor> feeds, java.util.function.LongSupplier seed) {
        Feeds.check(graph, inputs, feeds);
        List<Shape> key = new ArrayList<>(inputs.size());
        for (Node in : inputs) {
            key.add(feeds.get(in).shape());
        }
        Layout layout;
        synchronized (layouts) {
            layout = layouts.computeIfAbsent(key, k -> layout(feeds));
        }
        Workspace ws = layout.take();
        try {
            return runOn(ws, feeds, seed.getAsLong(), session.detectsAnomalies());
        } finally {
            layout.spare.push(ws);
        }
    }

    private List<Tensor> runOn(Workspace ws, Map<Node, Tensor> feeds, long runSeed, boolean checkValues) {
        Map<String, Tensor> params = session.params().snapshot();
        RunContext ctx = new RunContext(runSeed, session.threads());
        Tensor[] values = ws.values;
        for (int i = 0; i < order.length; i++) {
            Node n = order[i];
            if (fixed[i] != null) {
                values[i] = fixed[i];
                continue;
            }
            if (n.op() instanceof Leaf leaf) {
                values[i] = bind(n, leaf, feeds, params);
                if (checkValues) {
                    Anomalies.checkLeaf(n, values[i]);
                }
                continue;
            }
            if (scalarRead[i]) {
                values[i] = values[args[i][0]];
                continue;
            }
            Tensor[] in = ws.args[i];
            for (int j = 0; j < in.length; j++) {
                in[j] = values[args[i][j]];
            }
            if (handedOut[i]) {
                values[i] = Buffers.zeros(graph.dtype(), values[i].shape());
            }
            execute(n, in, values[i], ctx, ws.wide[i]);
            if (checkValues) {
                Anomalies.check(n, in, values[i]);
            }
        }
        List<Tensor> out = new ArrayList<>(fetchSlots.length);
        for (int s : fetchSlots) {
            // Leaves and folded values are never written; computed ones are this run's fresh arrays,
            // each fetch in a tensor of its own.
            out.add(handedOut[s] ? Buffers.share(values[s], values[s].shape()) : values[s]);
        }
        if (updatedParams.length > 0) {
            Map<String, Tensor> next = new HashMap<>();
            for (int u = 0; u < updatedParams.length; u++) {
                next.put(updatedParams[u].name(), values[updateSlots[u]]);
            }
            session.params().commit(next);
        }
        return out;
    }

    private static void execute(Node n, Tensor[] in, Tensor out, RunContext ctx, DTypeDispatch.Widened wide) {
        try {
            DTypeDispatch.forward(n.op(), in, out, ctx, wide);
        } catch (NablaException e) {
            throw new EvaluationException(n.describe() + " (built at " + n.callSite() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            EvaluationException wrapped = new EvaluationException(n.describe() + " (built at " + n.callSite()
                    + "): the kernel failed with " + e);
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    private static Tensor bind(Node n, Leaf leaf, Map<Node, Tensor> feeds, Map<String, Tensor> params) {
        if (leaf instanceof Leaf.Constant c) {
            return c.value();
        }
        if (leaf instanceof Leaf.Input) {
            return feeds.get(n).to(n.dtype());
        }
        Tensor v = params.get(n.name());
        if (v == null) {
            throw new EvaluationException("param " + n.label() + " " + n.shape()
                    + " has no value in the session's store; put one with store.put(\"" + n.name() + "\", tensor)");
        }
        if (!v.shape().equals(n.shape())) {
            throw new EvaluationException("param " + n.label() + " is declared " + n.shape()
                    + " but the store holds a value of shape " + v.shape());
        }
        if (v.dtype() != n.dtype()) {
            // Converting here would cost a copy of every weight on every run, unseen.
            throw new EvaluationException("param " + n.label() + " " + n.shape() + " is " + n.dtype()
                    + " like its graph, but the store holds a " + v.dtype() + " value; put value.to(DType."
                    + n.dtype().name() + ")");
        }
        return v;
    }

    /** Resolves every shape for these feeds. */
    private Layout layout(Map<Node, Tensor> feeds) {
        Shape[] shapes = new Shape[order.length];
        for (int i = 0; i < order.length; i++) {
            Node n = order[i];
            shapes[i] = n.op() instanceof Leaf.Input ? feeds.get(n).shape() : resolve(n, shapes, i);
        }
        for (int u = 0; u < updatedParams.length; u++) {
            Shape got = shapes[updateSlots[u]];
            if (!got.equals(updatedParams[u].shape())) {
                throw new EvaluationException("the update of param " + updatedParams[u].label() + " "
                        + updatedParams[u].shape() + " has shape " + got + " for these feeds");
            }
        }
        return new Layout(shapes);
    }

    private Shape resolve(Node n, Shape[] shapes, int i) {
        List<Shape> in = new ArrayList<>(args[i].length);
        for (int a : args[i]) {
            in.add(shapes[a]);
        }
        try {
            return n.op().outShape(in);
        } catch (ShapeException e) {
            throw new EvaluationException(n.describe() + " (built at " + n.callSite() + "): with the fed shapes "
                    + in + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A custom op's shape rule may fail only for concrete shapes; name the node, keep the cause.
            EvaluationException wrapped = new EvaluationException(n.describe() + " (built at " + n.callSite()
                    + "): with the fed shapes " + in + ": the shape rule failed with " + e);
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    /** Prints the plan for debugging. @return the plan as one line per node, in run order */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Node n : order) {
            b.append(n.describe()).append('\n');
        }
        return b.toString();
    }
}
