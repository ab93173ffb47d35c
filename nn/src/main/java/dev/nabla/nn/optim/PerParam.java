// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Node;
import dev.nabla.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A transform whose rule sees one param at a time and keeps one state record {@code T} per param:
 * every built-in rule but global-norm clipping, which must see all params at once.
 *
 * @param <T> the state record of one param
 */
abstract class PerParam<T> implements Transform<List<T>> {
    private final BiFunction<Slots, Param, T> slots;
    private final Function<T, List<Node>> nodes;

    /**
     * Creates a per-param transform from how to read a param's state and list its nodes.
     *
     * @param slots reads one param's state record from its slots
     * @param nodes the record's nodes, in the order {@code slots} read them
     */
    PerParam(BiFunction<Slots, Param, T> slots, Function<T, List<Node>> nodes) {
        this.slots = slots;
        this.nodes = nodes;
    }

    /** One param's outgoing update and next state. */
    record Local<T>(Node update, T state) {}

    /** The rule for one param: its incoming update, its state, its current value and the learning rate. */
    abstract Local<T> update(Node u, T state, Node param, Node lr);

    /** A stateless per-param rule. */
    interface Rule {
        Node apply(Node u, Node param, Node lr);
    }

    /**
     * Wraps an update rule without state as a transform.
     *
     * @return a transform without state that applies {@code rule} to each param
     */
    static Transform<EmptyState> stateless(Rule rule) {
        return new Transform<>() {
            public EmptyState init(Slots s) {
                return new EmptyState();
            }

            public Update<EmptyState> update(List<Node> updates, EmptyState state, Step step) {
                List<Node> out = new ArrayList<>();
                for (int i = 0; i < updates.size(); i++) {
                    out.add(rule.apply(updates.get(i), step.params().get(i), step.learningRate()));
                }
                return new Update<>(out, state);
            }

            public List<Node> nodes(EmptyState state) {
                return List.of();
            }
        };
    }

    @Override
    public List<T> init(Slots s) {
        return s.params().stream().map(p -> slots.apply(s, p)).toList();
    }

    @Override
    public Update<List<T>> update(List<Node> updates, List<T> state, Step step) {
        List<Node> out = new ArrayList<>();
        List<T> next = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            Local<T> local = update(updates.get(i), state.get(i), step.params().get(i), step.learningRate());
            out.add(local.update());
            next.add(local.state());
        }
        return new Update<>(out, next);
    }

    @Override
    public List<Node> nodes(List<T> state) {
        return state.stream().flatMap(s -> nodes.apply(s).stream()).toList();
    }
}
