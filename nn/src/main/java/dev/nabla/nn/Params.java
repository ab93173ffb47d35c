// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.DType;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import java.util.List;

/**
 * Model-wide param chores: first values, counts, listings.
 *
 * <p>Usage: {@code Params.initialize(model, store, 42); Params.count(model);}
 */
public final class Params {
    private Params() {}

    /**
     * Puts a first value into the store for every param of the layer that has none yet; a
     * param's draw depends only on the seed and its name, so adding a layer does not change the
     * others' values.
     *
     * @param layer the model
     * @param store the store
     * @param seed the seed
     * @return the store
     */
    public static ParamStore initialize(Layer layer, ParamStore store, long seed) {
        return initialize(layer, store, seed, DType.FLOAT64);
    }

    /**
     * Puts a first value of the given element type into the store for every param of the layer
     * that has none yet: the float64 draw of {@link #initialize(Layer, ParamStore, long)}, rounded
     * for float32, so a model starts from the same weights in either type.
     *
     * <p>Usage: {@code Params.initialize(model, store, 42, DType.FLOAT32);}
     *
     * @param layer the model
     * @param store the store
     * @param seed the seed
     * @param dtype the element type of the graph the model is built in
     * @return the store
     */
    public static ParamStore initialize(Layer layer, ParamStore store, long seed, DType dtype) {
        Arguments.requireNonNulls("Params.initialize", "store", store, "dtype", dtype);
        return fill(checked(layer), store, seed, dtype);
    }

    /**
     * Puts a first value into the store for each of the given params that has none yet, drawn as
     * {@link #initialize(Layer, ParamStore, long)} draws a layer's: for params of one's own, outside
     * any layer, or a part of a model.
     *
     * <p>Usage: {@code Params.initialize(List.of(Param.of("w", Shape.of(3, 1), Init.xavierNormal())), store, 42);}
     *
     * @param params the params, no two with one name
     * @param store the store
     * @param seed the seed
     * @return the store
     * @throws NablaException if an argument is null, a param is null, or two params share a name
     */
    public static ParamStore initialize(List<Param> params, ParamStore store, long seed) {
        Arguments.requireNonNulls("Params.initialize", "params", params, "store", store);
        return fill(distinct(List.copyOf(Arguments.requireElements("Params.initialize", "params", params))), store,
                seed, DType.FLOAT64);
    }

    private static ParamStore fill(List<Param> params, ParamStore store, long seed, DType dtype) {
        // As the store's writer: a training step of another thread cannot land between a check
        // and its put, only to be overwritten by a first value.
        return store.exclusively(() -> {
            for (Param p : params) {
                if (!store.contains(p.name())) {
                    Tensor first = p.init().sample(p.shape(), seed * 0x9E3779B97F4A7C15L + p.name().hashCode());
                    String init = "the initialiser of \"" + p.name() + "\"";
                    store.put(p.name(), Arguments.requireResult("Params.initialize", init, first).to(dtype));
                }
            }
            return store;
        });
    }

    /**
     * Counts the trainable scalars in a model, leaving state out.
     *
     * @param layer the model
     * @return the number of trainable scalars
     */
    public static long count(Layer layer) {
        long n = 0;
        for (Param p : checked(layer)) {
            n += p.trainable() ? p.shape().size() : 0;
        }
        return n;
    }

    /**
     * Describes every param of a model, one line each, for printing a summary.
     *
     * @param layer the model
     * @return one line per param: name, shape, trainable or state
     */
    public static String describe(Layer layer) {
        StringBuilder b = new StringBuilder();
        for (Param p : checked(layer)) {
            b.append(String.format("%-28s %-14s %s%n", p.name(), p.shape(), p.trainable() ? "trainable" : "state"));
        }
        return b.append("total trainable: ").append(count(layer)).append('\n').toString();
    }

    private static List<Param> checked(Layer layer) {
        if (layer == null) {
            throw new NablaException("Params: the layer is null");
        }
        return distinct(layer.params());
    }

    private static List<Param> distinct(List<Param> ps) {
        long distinct = ps.stream().map(Param::name).distinct().count();
        if (distinct != ps.size()) {
            throw new NablaException("Params: two params share a name in " + ps.stream().map(Param::name).toList()
                    + "; build models with Sequential.of, which names layers by place");
        }
        return ps;
    }
}
