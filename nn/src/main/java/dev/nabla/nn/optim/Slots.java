// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.nn.Context;
import dev.nabla.nn.Init;
import dev.nabla.nn.Param;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where transforms keep their state: each slot is a non-trainable, zero-initialised param named
 * {@code <param>/<what>} (such as {@code dense_1/W/adam_m}), read as a node of the step being
 * built. The names are the checkpoint format of optimizer state, so they never change.
 *
 * <p>Usage, in {@link Transform#init}: {@code new TraceState(slots.zerosLike(p, "momentum"))}
 */
public final class Slots {
    private final List<Param> params;
    private final Context ctx;
    private final List<Slot> read = new ArrayList<>();

    /** A slot read so far, with the index of the param it serves. */
    record Slot(int owner, Param param, Node node) {}

    Slots(List<Param> params, Context ctx) {
        this.params = List.copyOf(params);
        this.ctx = ctx;
    }

    /**
     * Returns the params the optimizer updates.
     *
     * @return the params being optimised, in the order of the updates
     */
    public List<Param> params() {
        return params;
    }

    /**
     * A slot shaped like its param.
     *
     * @param p one of {@link #params()}
     * @param what the slot's name under the param
     * @return the slot's current value
     */
    public Node zerosLike(Param p, String what) {
        Arguments.requireNonNulls("Slots.zerosLike", "p", p, "what", what);
        return slot("Slots.zerosLike", p, what, p.shape());
    }

    /**
     * A scalar slot, such as a step count.
     *
     * @param p one of {@link #params()}
     * @param what the slot's name under the param
     * @return the slot's current value
     */
    public Node scalar(Param p, String what) {
        Arguments.requireNonNulls("Slots.scalar", "p", p, "what", what);
        return slot("Slots.scalar", p, what, Shape.SCALAR);
    }

    private Node slot(String where, Param p, String what, Shape shape) {
        int owner = params.indexOf(p);
        if (owner < 0) {
            throw new NablaException(where + "(\"" + p.name() + "\", \"" + what + "\"): \"" + p.name()
                    + "\" is not one of the params being optimised " + params.stream().map(Param::name).toList());
        }
        Param s = new Param(p.name() + "/" + what, shape, Init.zeros(), false);
        Node n = ctx.param(s);
        read.add(new Slot(owner, s, n));
        return n;
    }

    /**
     * Lists the slots read so far.
     *
     * @return every slot read so far, in the order it was read
     */
    List<Slot> read() {
        return List.copyOf(read);
    }

    /**
     * Lists the slots' params grouped by the param each one serves.
     *
     * @return the slots' params grouped by the param they serve, in reading order within each
     */
    List<Param> byParam() {
        return read.stream().sorted(Comparator.comparingInt(Slot::owner)).map(Slot::param).toList();
    }
}
