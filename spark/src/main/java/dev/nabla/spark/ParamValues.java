// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named param values as the driver broadcasts them: plain arrays, so any serializer ships them,
 * tagged with a version (the step) so an executor loads each version once.
 */
final class ParamValues implements Serializable {
    private static final long serialVersionUID = 1L;

    final long version;
    private final String[] names;
    private final int[][] dims;
    private final double[][] values;

    private ParamValues(long version, String[] names, int[][] dims, double[][] values) {
        this.version = version;
        this.names = names;
        this.dims = dims;
        this.values = values;
    }

    /**
     * Copies the values of some params out of a store, for the driver to broadcast.
     *
     * @param version what this set of values is (a step or a round), unique within a training run
     * @param store the store to read
     * @param names the params to take, in this order
     * @return their values
     */
    static ParamValues of(long version, ParamStore store, List<String> names) {
        int n = names.size();
        String[] ns = names.toArray(new String[0]);
        int[][] dims = new int[n][];
        double[][] vs = new double[n][];
        for (int i = 0; i < n; i++) {
            Tensor t = store.get(ns[i]);
            dims[i] = t.shape().dims();
            vs[i] = t.toArray();
        }
        return new ParamValues(version, ns, dims, vs);
    }

    /**
     * Lists the names of the params these values belong to.
     *
     * @return the params' names, in the order of {@link #of}
     */
    List<String> names() {
        return List.of(names);
    }

    /**
     * Writes these values into a store.
     *
     * @param store where to put every value, all at once
     */
    void loadInto(ParamStore store) {
        Map<String, Tensor> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], Tensor.of(Shape.of(dims[i]), values[i]));
        }
        store.putAll(m);
    }
}
