// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values of params, by name, outside any graph: weights, optimizer moments, running statistics.
 *
 * <p>Each run reads one snapshot, and a run's updates replace several values in one step, so no
 * run sees a half-updated store. The store keeps its own copies: no tensor handed in or out can
 * change what it holds. Safe to share between threads.
 * Usage: {@code store.put("w", Tensor.randomNormal(1, 0, 0.1, 3, 1)); store.get("w");}
 */
public final class ParamStore {
    private volatile Map<String, Tensor> values = Map.of();

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

    /** @return the names held, sorted */
    public Set<String> names() {
        return new TreeMap<>(values).keySet();
    }

    /** @return every value as it is at this instant; later updates do not change the map */
    public Map<String, Tensor> snapshot() {
        return values;
    }

    /** Replaces several values at once; readers see all of them or none. */
    synchronized void commit(Map<String, Tensor> updates) {
        Map<String, Tensor> next = new HashMap<>(values);
        // Taken as they are: a plan hands over arrays that no run writes again, and tensors are immutable.
        next.putAll(updates);
        values = Map.copyOf(next);
    }
}
