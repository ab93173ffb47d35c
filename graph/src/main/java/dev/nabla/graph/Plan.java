// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.exec.Anomalies;
import dev.nabla.graph.exec.DTypeDispatch;
import dev.nabla.graph.exec.Feeds;
import dev.nabla.graph.exec.FusedChain;
import dev.nabla.graph.exec.Layout;
import dev.nabla.graph.exec.LeafValues;
import dev.nabla.graph.exec.Schedule;
import dev.nabla.graph.exec.Workspace;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.storage.Buffers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

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
 * <p>A plan's life: {@link Session#compile} makes a {@link Schedule} (run order, slots, folded
 * constants); each new combination of feed shapes makes a {@link Layout} (concrete shapes); each
 * run in flight takes a {@link Workspace} (buffers) from it. This class runs the kernels in order.
 *
 * <p>Usage: {@code List<Tensor> out = plan.run(Map.of(x, batch));}
 */
public final class Plan {
    private static final int LAYOUTS_KEPT = 8;

    private final Session session;
    private final Schedule schedule;
    private final Map<List<Shape>, Layout> layouts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Shape>, Layout> eldest) {
            return size() > LAYOUTS_KEPT;
        }
    };

    Plan(Session session, List<Node> fetches, Map<Node, Node> updates, boolean optimize) {
        this.session = session;
        this.schedule = Schedule.compile(fetches, updates, optimize);
    }

    /**
     * Lists the nodes in the order this plan runs them.
     *
     * @return the nodes this plan runs, in order (leaves included)
     */
    public List<Node> nodes() {
        return List.of(schedule.order());
    }

    /** Lists the inputs a run must be given values for. @return the inputs a run must feed */
    public List<Node> inputs() {
        return schedule.inputs();
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

    private List<Tensor> run(Map<Node, Tensor> feeds, LongSupplier seed) {
        if (schedule.updatedParams().length == 0) {
            return runOnce(feeds, seed);
        }
        // A step holds the store's writer lock from reading the params to committing their
        // updates, whichever plan or session runs it: no other step on the store can read the
        // same values in between and overwrite this one's updates with its own. Its workspace is
        // taken under the lock too, so waiting steps hold no buffers.
        return session.params().exclusively(() -> runOnce(feeds, seed));
    }

    private List<Tensor> runOnce(Map<Node, Tensor> feeds, LongSupplier seed) {
        Feeds.check(schedule.graph(), schedule.inputs(), feeds);
        List<Shape> key = new ArrayList<>(schedule.inputs().size());
        for (Node in : schedule.inputs()) {
            key.add(feeds.get(in).shape());
        }
        Layout layout;
        synchronized (layouts) {
            layout = layouts.computeIfAbsent(key, k -> Layout.of(schedule, feeds));
        }
        Workspace ws = layout.take();
        try {
            return runOn(ws, feeds, seed.getAsLong(), session.detectsAnomalies());
        } finally {
            layout.giveBack(ws);
        }
    }

    private List<Tensor> runOn(Workspace ws, Map<Node, Tensor> feeds, long runSeed, boolean checkValues) {
        Map<String, Tensor> params = session.params().snapshot();
        RunContext ctx = new RunContext(runSeed, session.threads());
        Node[] order = schedule.order();
        int[][] args = schedule.fusion().runArgs();
        FusedChain[] chains = schedule.fusion().atRoot();
        boolean[] deferred = schedule.fusion().deferred();
        Tensor[] fixed = schedule.fixed();
        boolean[] scalarRead = schedule.scalarRead();
        boolean[] handedOut = schedule.handedOut();
        Tensor[] values = ws.values();
        for (int i = 0; i < order.length; i++) {
            // Members of a chain run with its root; skipping them first spares reading their nodes.
            if (deferred[i]) {
                continue;
            }
            if (fixed[i] != null) {
                values[i] = fixed[i];
                continue;
            }
            Node n = order[i];
            if (n.op() instanceof Leaf leaf) {
                values[i] = LeafValues.bind(n, leaf, feeds, params);
                if (checkValues) {
                    Anomalies.checkLeaf(n, values[i]);
                }
                continue;
            }
            if (scalarRead[i]) {
                values[i] = values[args[i][0]];
                continue;
            }
            if (chains[i] != null) {
                runChain(chains[i], n, values, handedOut, ctx, checkValues);
                continue;
            }
            Tensor[] in = ws.operands(i);
            for (int j = 0; j < in.length; j++) {
                in[j] = values[args[i][j]];
            }
            if (handedOut[i]) {
                values[i] = Buffers.zeros(n.dtype(), values[i].shape());
            }
            execute(n, in, values[i], ctx, ws.widened(i));
            if (checkValues) {
                Anomalies.check(n, in, values[i]);
            }
        }
        List<Tensor> out = new ArrayList<>(schedule.fetchSlots().length);
        for (int s : schedule.fetchSlots()) {
            // Leaves and folded values are never written; computed ones are this run's fresh arrays,
            // each fetch in a tensor of its own.
            out.add(handedOut[s] ? Buffers.share(values[s], values[s].shape()) : values[s]);
        }
        Node[] updated = schedule.updatedParams();
        if (updated.length > 0) {
            Map<String, Tensor> next = new HashMap<>();
            for (int u = 0; u < updated.length; u++) {
                next.put(updated[u].name(), values[schedule.updateSlots()[u]]);
            }
            session.params().commit(next);
        }
        return out;
    }

    private void runChain(FusedChain chain, Node root, Tensor[] values, boolean[] handedOut, RunContext ctx, boolean checkValues) {
        chain.freshExits(values, handedOut);
        try {
            if (checkValues) {
                chain.runChecked(schedule.order(), schedule.args(), values, ctx);
            } else {
                chain.run(values, ctx.threads());
            }
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException e) {
            EvaluationException wrapped = new EvaluationException("the elementwise chain ending at " + root.describe()
                    + " (built at " + root.callSite() + "): a kernel failed with " + e);
            wrapped.initCause(e);
            throw wrapped;
        }
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

    /**
     * Prints the plan: a header naming what a run needs and gives (inputs, fetches, updated
     * params), then one line per node in run order.
     *
     * @return a header such as {@code Plan(9 nodes; inputs "x" [?, 3]; fetches "y" [?, 1]; updates none)},
     *     then the nodes as {@link Node#describe} writes them, one per line
     */
    @Override
    public String toString() {
        Node[] order = schedule.order();
        List<Node> fetches = new ArrayList<>();
        for (int s : schedule.fetchSlots()) {
            fetches.add(order[s]);
        }
        StringBuilder b = new StringBuilder("Plan(").append(order.length).append(order.length == 1 ? " node" : " nodes")
                .append("; inputs ").append(Listing.nodes(schedule.inputs()))
                .append("; fetches ").append(Listing.nodes(fetches))
                .append("; updates ").append(Listing.nodes(List.of(schedule.updatedParams()))).append(")\n");
        for (Node n : order) {
            b.append("  ").append(n.describe()).append('\n');
        }
        return b.toString();
    }
}
