// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs graphs against a {@link ParamStore}: compiles fetches into cached {@link Plan}s, binds params
 * to the store's values, and writes a plan's param updates back after each run.
 *
 * <p>Usage:
 * <pre>{@code
 * Session s = new Session(store, 42);
 * Tensor y = s.run(Map.of(x, batch), yhat).get(0);
 * Plan step = s.compile(List.of(loss), Map.of(w, w.sub(grad.mul(0.1))));  // an SGD step
 * step.run(Map.of(x, batch));  // afterwards the store holds the new w
 * }</pre>
 *
 * <p>Thread safety: a session and its plans may be shared by threads. Runs of a plan without
 * updates (inference) proceed in parallel, each with its own buffers; a run of a plan that updates
 * params is the store's only writer from reading its params to writing their updates, so steps of
 * any plans and sessions on one store each read the params the previous one wrote.
 */
public final class Session {
    private final ParamStore store;
    private final long seed;
    private final AtomicLong runs = new AtomicLong();
    private final Map<List<Object>, Plan> plans = new ConcurrentHashMap<>();
    private volatile boolean anomalies = Boolean.getBoolean("nabla.detectAnomalies");
    private volatile int threads = dev.nabla.graph.kernel.Parallel.defaultThreads();
    private volatile boolean optimize = !Boolean.getBoolean("nabla.plainPlans");

    /**
     * Makes a session with seed 0.
     *
     * @param store where param values live
     */
    public Session(ParamStore store) {
        this(store, 0L);
    }

    /**
     * Makes a session whose random ops draw from {@code seed}: the same seed, graph and sequence
     * of runs give the same numbers.
     *
     * @param store where param values live
     * @param seed the seed of random ops
     */
    public Session(ParamStore store, long seed) {
        if (store == null) {
            throw new NablaException("Session: the param store is null");
        }
        this.store = store;
        this.seed = seed;
    }

    /**
     * Turns anomaly detection on or off for every plan of this session, from their next run on.
     * When on, each run checks every feed, param and computed value, forward and backward, and
     * stops at the first NaN or infinity with an {@link AnomalyException} naming the node, its
     * op, the line that built it and its inputs' statistics. Off by default (on when the JVM has
     * {@code -Dnabla.detectAnomalies=true}); when off it costs nothing.
     *
     * <p>Usage: {@code session.detectAnomalies(true);}
     *
     * @param on whether to check
     * @return this session
     */
    public Session detectAnomalies(boolean on) {
        anomalies = on;
        return this;
    }

    /**
     * Sets how many threads the kernels of this session's runs may use, the caller's included,
     * from the next run on. Results are the same bits whatever the count: kernels split their
     * work the same way and only share it out differently. The default is
     * {@code -Dnabla.threads}, else the number of processors.
     *
     * <p>Usage: {@code session.threads(1);  // every kernel on the calling thread}
     *
     * @param n at least 1
     * @return this session
     * @throws NablaException if {@code n < 1}
     */
    public Session threads(int n) {
        if (n < 1) {
            throw new NablaException("Session.threads: expected at least 1 thread, got " + n);
        }
        threads = n;
        return this;
    }

    /**
     * Turns the compiler's optimisations on or off for the plans this session compiles from now
     * on: rewrites that cut passes (common subexpressions, algebraic identities) and the fusion of
     * elementwise chains. On by default (off when the JVM has {@code -Dnabla.plainPlans=true}).
     * The plain plan runs every node of the graph as built, one kernel each; it exists to compare
     * with, and to measure what the optimisations gain. Plans already compiled keep their form.
     *
     * <p>Usage: {@code new Session(store).optimize(false);  // one kernel per node, as built}
     *
     * @param on whether to optimise plans compiled from now on
     * @return this session
     */
    public Session optimize(boolean on) {
        optimize = on;
        return this;
    }

    /**
     * Tells whether plans compiled from now on are optimised (see {@link #optimize(boolean)}).
     *
     * @return whether the compiler's optimisations are on
     */
    public boolean optimizes() {
        return optimize;
    }

    /**
     * Tells how many threads this session's kernels may use.
     *
     * @return how many threads this session's kernels may use
     */
    public int threads() {
        return threads;
    }

    /**
     * Tells whether this session checks every node's output for NaN and infinity.
     *
     * @return whether anomaly detection is on
     */
    public boolean detectsAnomalies() {
        return anomalies;
    }

    /** Gives the parameter store this session reads and updates. @return the store this session reads and updates */
    public ParamStore params() {
        return store;
    }

    /**
     * Compiles a plan that computes the fetches; the same fetches give the same cached plan.
     *
     * @param fetches nodes of one graph
     * @return the plan
     */
    public Plan compile(Node... fetches) {
        return compile(fetches == null ? null : Arrays.asList(fetches), Map.of());
    }

    /**
     * Compiles a plan that computes the fetches and the new values of some params; after each run
     * the session writes those values to the store, all at once.
     *
     * @param fetches nodes of one graph
     * @param updates for each param node, the node computing its next value (same shape)
     * @return the plan, cached for the same fetches and updates
     * @throws NablaException if a key is not a param, or a value's shape differs from its param's
     */
    public Plan compile(List<Node> fetches, Map<Node, Node> updates) {
        if (fetches == null || updates == null || fetches.stream().anyMatch(java.util.Objects::isNull)
                || updates.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new NablaException("compile: fetches and updates must not be or contain null");
        }
        boolean optimized = optimize;
        List<Object> key = List.of(List.copyOf(fetches), Map.copyOf(updates), optimized);
        return plans.computeIfAbsent(key, k -> new Plan(this, fetches, updates, optimized));
    }

    /**
     * Compiles (or reuses) a plan for the fetches and runs it once.
     *
     * @param feeds a value for each input the fetches need
     * @param fetches nodes of one graph
     * @return the fetched values, in order
     */
    public List<Tensor> run(Map<Node, Tensor> feeds, Node... fetches) {
        return compile(fetches).run(feeds);
    }

    /**
     * Summarises this session: its seed, thread count, anomaly detection, how many plans it has
     * compiled, and its store (names, types and shapes, not values).
     *
     * @return one line such as {@code Session(seed 0; 2 threads; anomaly detection off; 1 plan; ParamStore(...))}
     */
    @Override
    public String toString() {
        int n = plans.size();
        return "Session(seed " + seed + "; " + threads + (threads == 1 ? " thread" : " threads")
                + "; anomaly detection " + (anomalies ? "on" : "off") + "; " + n + (n == 1 ? " plan" : " plans")
                + "; " + store + ")";
    }

    /** Each run gets its own seed, derived from the session's seed and the run's number. */
    long nextRunSeed() {
        return RunContext.mix(seed * 0x9E3779B97F4A7C15L + runs.getAndIncrement());
    }
}
