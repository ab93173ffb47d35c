// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The values of params, by name, outside any graph: weights, optimizer moments, running statistics.
 *
 * <p>Safe to share between threads. A store has one writer at a time: a training step (a run of
 * a plan with updates, of any session on this store) holds the store's writer lock from reading
 * its params until its updates are committed, and so do {@link #put}, {@link #putAll} and
 * {@link #exclusively}, so concurrent steps leave what the same steps run one after another
 * leave. Readers take no lock: each run, {@link #get} and {@link #snapshot} sees the values as
 * of one commit, never half of one. The store keeps its own copies: no tensor handed in or out
 * can change what it holds.
 *
 * <p>Usage: {@code store.put("w", Tensor.randomNormal(1, 0, 0.1, 3, 1)); store.get("w");}
 */
public final class ParamStore {
    private volatile Map<String, Tensor> values = Map.of();
    /** Held by every writer from what it reads to what it commits; reentrant, so a step may put. */
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * Sets one value.
     *
     * @param name the param's name
     * @param value its value
     * @return this store
     */
    public ParamStore put(String name, Tensor value) {
        if (name == null || value == null) {
            throw new NablaException("ParamStore.put: the name and the value must not be null");
        }
        commit(Map.of(name, value));
        return this;
    }

    /**
     * Sets several values in one step: readers see all of them or none.
     *
     * @param entries names and values
     * @return this store
     */
    public ParamStore putAll(Map<String, Tensor> entries) {
        if (entries == null) {
            throw new NablaException("ParamStore.putAll: the map is null");
        }
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            // Checked by type too: raw or reflective callers can smuggle other keys past generics.
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof Tensor)) {
                throw new NablaException("ParamStore.putAll: every entry must map a name to a tensor, got "
                        + e.getKey() + " -> " + (e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()));
            }
        }
        commit(entries);
        return this;
    }

    /**
     * Reads one value.
     *
     * @param name the param's name
     * @return its current value
     * @throws NablaException if the store has no value of that name
     */
    public Tensor get(String name) {
        // Map.copyOf's maps throw on a null key, so a null name is looked up as absent.
        Tensor t = name == null ? null : values.get(name);
        if (t == null) {
            throw new NablaException("ParamStore.get: no value for \"" + name + "\"; the store holds " + names());
        }
        return t;
    }

    /**
     * Tells whether a value is present.
     *
     * @param name the param's name
     * @return true if the store has it
     */
    public boolean contains(String name) {
        return name != null && values.containsKey(name);
    }

    /** Lists the names of the values in this store. @return the names held, sorted */
    public Set<String> names() {
        return new TreeMap<>(values).keySet();
    }

    /**
     * Takes every value as it is now, in one consistent map.
     *
     * @return every value as it is at this instant; later updates do not change the map
     */
    public Map<String, Tensor> snapshot() {
        return values;
    }

    /**
     * Runs a read-modify-write of this store as the store's only writer: no training step, put or
     * other {@code exclusively} call on this store runs until it returns, so what it reads is
     * still current when it writes. Readers are not held up. The lock is reentrant: the action may
     * put values and run plans with updates on this store. It must not write another store, since
     * a thread holding two stores can deadlock with one taking them in the other order.
     *
     * <p>Usage: {@code store.exclusively(() -> store.put("n", Tensor.scalar(store.get("n").item() + 1)));}
     *
     * @param action what to run; its result is returned
     * @param <T> the result's type
     * @return the action's result
     * @throws NablaException if the action is null
     */
    public <T> T exclusively(Supplier<T> action) {
        if (action == null) {
            throw new NablaException("ParamStore.exclusively: the action is null");
        }
        writer.lock();
        try {
            return action.get();
        } finally {
            writer.unlock();
        }
    }

    /**
     * Summarises what this store holds: each value's name, element type and shape, sorted by
     * name, never the numbers (a store of a large model would print megabytes).
     *
     * @return one line such as {@code ParamStore(2 values: "b" float64 [1], "w" float64 [3, 1])}
     */
    @Override
    public String toString() {
        Map<String, Tensor> now = new TreeMap<>(values);
        if (now.isEmpty()) {
            return "ParamStore(empty)";
        }
        List<String> items = new ArrayList<>(now.size());
        now.forEach((name, t) -> items.add("\"" + name + "\" " + t.dtype() + " " + t.shape()));
        return "ParamStore(" + now.size() + (now.size() == 1 ? " value: " : " values: ") + Listing.of(items) + ")";
    }

    /** Replaces several values at once; readers see all of them or none. */
    void commit(Map<String, Tensor> updates) {
        exclusively(() -> {
            Map<String, Tensor> next = new HashMap<>(values);
            // Taken as they are: a plan hands over arrays that no run writes again, and tensors are immutable.
            next.putAll(updates);
            values = Map.copyOf(next);
            return null;
        });
    }
}
