// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.AnomalyException;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.UnaryFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fusion pass: which nodes form chains, and that a fused plan computes the plain plan's bits
 * (random elementwise graphs, both element types, sizes around the block and chunk lengths, one
 * and two threads), names the same node under anomaly detection, and hands out its exits intact.
 */
class FusionTest {

    @Test
    void emptyTensorsRunThroughChainsAndBroadcasts() {
        Graph g = new Graph();
        Node a = g.input("a", 1, 0);
        Node b = g.input("b", 2, 1, 1, 1);
        Node y = a.add(b).tanh().mul(2.0);
        Map<Node, Tensor> feeds = Map.of(a, Tensor.zeros(1, 0), b, Tensor.full(-4.0, 2, 1, 1, 1));
        assertEquals(new Session(new ParamStore()).optimize(false).run(feeds, y),
                new Session(new ParamStore()).optimize(true).run(feeds, y));
    }

    @Test
    void theRootReadsAndReleasesItsMembersAndInputs() {
        Graph g = new Graph();
        Node x = g.input("x", 100);
        Node t = x.tanh();
        Node y = t.mul(x).exp();
        Schedule plan = Schedule.compile(List.of(y), Map.of(), true);
        int root = plan.order().length - 1;
        assertEquals(3, plan.fusion().runArgs()[root].length, "x, tanh and the product");
        for (int a : plan.fusion().runArgs()[root]) {
            assertEquals(root, plan.lastUse()[a], plan.order()[a].describe() + " lives until the chain has run");
        }
    }

    @Test
    void aChainOfFourOpsIsOneChainWithOnlyItsRootBuffered() {
        Graph g = new Graph();
        Node x = g.input("x", 100);
        Node y = x.tanh().mul(Ops.unary(UnaryFn.SIGMOID, x)).add(x);
        Fusion f = Schedule.compile(List.of(y), Map.of(), true).fusion();
        List<FusedChain> chains = chains(f);
        assertEquals(1, chains.size());
        assertEquals(1, chains.get(0).exitSlots().length, "only the root leaves the chain");
        assertEquals(3, count(f.deferred()), "tanh, sigmoid and the product run with the root");
        assertEquals(List.of(), chains(Schedule.compile(List.of(y), Map.of(), false).fusion()), "the plain plan fuses nothing");
    }

    @Test
    void aMemberReadBeforeTheChainEndsSplitsIt() {
        Graph g = new Graph();
        Node x = g.input("x", 50);
        Node t = x.tanh();
        Node v = t.exp();
        Node s = v.sum();          // reads v before u runs
        Node u = t.mul(s).sin();             // reads t after the sum: cannot join t's chain
        Schedule plan = Schedule.compile(List.of(u), Map.of(), true);
        List<FusedChain> chains = chains(plan.fusion());
        assertEquals(2, chains.size(), "{tanh, exp} and {mul, sin}");
        assertEquals(2, chains.get(0).exitSlots().length, "tanh (read by mul) and exp (read by the sum) leave the first chain");
        Tensor in = Tensor.randomNormal(3, 0, 1, 50);
        assertEquals(run(u, x, in, false, 1), run(u, x, in, true, 1));
    }

    @Test
    void fetchedMembersAreHandedOutInArraysOfTheirOwn() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node t = x.tanh();
        Node y = t.mul(t).neg();
        Session s = new Session(new ParamStore()).optimize(true);
        var plan = s.compile(t, y);
        Tensor a = Tensor.randomNormal(1, 0, 1, 2, 3);
        Tensor b = Tensor.randomNormal(2, 0, 1, 5, 3);
        List<Tensor> first = plan.run(Map.of(x, a));
        List<Tensor> firstCopy = List.of(Tensor.fromArray(first.get(0).toArray(), 2, 3), Tensor.fromArray(first.get(1).toArray(), 2, 3));
        List<Tensor> second = plan.run(Map.of(x, b));
        assertEquals(firstCopy, first, "a later run must not write what an earlier one handed out");
        Session plain = new Session(new ParamStore()).optimize(false);
        assertEquals(plain.compile(t, y).run(Map.of(x, b)), second);
        assertEquals(plain.compile(t, y).run(Map.of(x, a)), plan.run(Map.of(x, a)));
    }

    @Test
    void anomalyDetectionNamesTheMemberThatMadeTheNaN() {
        Graph g = new Graph();
        Node x = g.input("x", 4);
        Node logged = x.log();
        Node y = Ops.where(Ops.lt(x, g.scalar(0.0)), g.scalar(0.0), logged).mul(2.0);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.fromArray(new double[] {1, -1, 2, 3}, 4));
        String plain = assertThrows(AnomalyException.class,
                () -> new Session(new ParamStore()).optimize(false).detectAnomalies(true).run(feeds, y)).getMessage();
        String fused = assertThrows(AnomalyException.class,
                () -> new Session(new ParamStore()).optimize(true).detectAnomalies(true).run(feeds, y)).getMessage();
        assertEquals(plain, fused);
        assertTrue(fused.contains("log"), fused);
        assertEquals(new Session(new ParamStore()).optimize(false).run(feeds, y),
                new Session(new ParamStore()).optimize(true).run(feeds, y), "without detection the NaN is selected away");
    }

    @Test
    void periodicBroadcastsAreReadInPlace() {
        int[][] sizes = {{3, 5, 2, 2}, {40, 7, 3, 5}, {33, 16, 11, 13}};
        for (int[] d : sizes) {
            for (DType dtype : DType.values()) {
                Graph g = new Graph(dtype);
                Node x = g.input("x", Shape.UNKNOWN, d[1], d[2], d[3]);
                Node bias = g.input("bias", d[3]);
                Node perRow = g.input("row", Shape.UNKNOWN, d[1], d[2], 1);
                Node perChannel = g.input("channel", 1, d[1], 1, 1);
                Node y = x.add(bias).tanh().mul(perRow).sub(perChannel).mul(x);
                Map<Node, Tensor> feeds = Map.of(x, Tensor.randomNormal(1, 0, 1, d).to(dtype),
                        bias, Tensor.randomNormal(2, 0, 1, d[3]).to(dtype),
                        perRow, Tensor.randomNormal(3, 0, 1, d[0], d[1], d[2], 1).to(dtype),
                        perChannel, Tensor.randomNormal(4, 0, 1, 1, d[1], 1, 1).to(dtype));
                Fusion f = Schedule.compile(List.of(y), Map.of(), true).fusion();
                assertEquals(1, chains(f).size(), "the three broadcasts and five ops are one chain");
                assertEquals(7, count(f.deferred()), "the broadcasts run in the chain, block by block");
                Tensor plain = new Session(new ParamStore()).optimize(false).run(feeds, y).get(0);
                for (int threads : new int[] {1, 2}) {
                    assertEquals(plain, new Session(new ParamStore()).optimize(true).threads(threads).run(feeds, y).get(0),
                            java.util.Arrays.toString(d) + " " + dtype + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void broadcastBlocksHoldTheirOperandsElements() {
        Random r = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            int period = 1 + r.nextInt(trial % 3 == 0 ? 4 : 300);
            int repeat = trial % 2 == 0 ? 1 : 1 + r.nextInt(20);
            int at = r.nextInt(5000);
            int len = 1 + r.nextInt(1024);
            double[] source = new double[period];
            for (int i = 0; i < period; i++) {
                source[i] = i + 0.5;
            }
            double[] block = new double[at + len];
            Broadcasts.read(source, period, repeat, block, at, len);
            float[] floats = new float[at + len];
            float[] floatSource = new float[period];
            for (int i = 0; i < period; i++) {
                floatSource[i] = (float) source[i];
            }
            Broadcasts.read(floatSource, period, repeat, floats, at, len);
            for (int j = 0; j < len; j++) {
                double expected = source[((at + j) / repeat) % period];
                assertEquals(expected, block[at + j], "period " + period + ", repeat " + repeat + ", at " + at + ", element " + j);
                assertEquals((float) expected, floats[at + j]);
            }
        }
    }

    /** Random elementwise graphs: sizes below, at and past a block, and past two chunks (threads share them). */
    @Test
    void fusedPlansComputeThePlainPlansBits() {
        Random r = new Random(20261207);
        int[] sizes = {1, 7, 1024, 1500, 70_001};
        for (int trial = 0; trial < 60; trial++) {
            int n = sizes[trial % sizes.length];
            DType dtype = trial % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32;
            Graph g = new Graph(dtype);
            Node a = g.input("a", n);
            Node b = g.input("b", n);
            List<Node> fetches = randomGraph(r, g, a, b);
            Map<Node, Tensor> feeds = Map.of(a, Tensor.randomNormal(trial, 0, 2, n).to(dtype),
                    b, Tensor.randomNormal(trial + 1000, 0, 2, n).to(dtype));
            List<Tensor> plain = new Session(new ParamStore()).optimize(false).threads(1).compile(fetches, Map.of()).run(feeds);
            for (int threads : new int[] {1, 2}) {
                List<Tensor> fused = new Session(new ParamStore()).optimize(true).threads(threads).compile(fetches, Map.of()).run(feeds);
                for (int k = 0; k < plain.size(); k++) {
                    assertArrayEquals(plain.get(k).toArray(), fused.get(k).toArray(),
                            "trial " + trial + " (" + dtype + ", n=" + n + ", " + threads + " threads), fetch " + fetches.get(k).describe());
                }
            }
        }
    }

    /** Elementwise ops at random over earlier values, with scalars, comparisons, selections and a few non-elementwise ops. */
    private static List<Node> randomGraph(Random r, Graph g, Node a, Node b) {
        List<Node> values = new ArrayList<>(List.of(a, b));
        List<Node> fetches = new ArrayList<>();
        int ops = 4 + r.nextInt(20);
        for (int i = 0; i < ops; i++) {
            Node p = values.get(r.nextInt(values.size()));
            Node q = values.get(r.nextInt(values.size()));
            Node v = switch (r.nextInt(12)) {
                case 0 -> p.tanh();
                case 1 -> Ops.unary(UnaryFn.SIGMOID, p);
                case 2 -> p.tanh().exp();
                case 3 -> p.add(q);
                case 4 -> p.mul(q);
                case 5 -> p.div(q.abs().add(1.0));
                case 6 -> p.mul(r.nextDouble() - 0.5);
                case 7 -> Ops.where(Ops.lt(p, q), p, q.sin());
                case 8 -> Ops.maximum(p, g.scalar(0.0));
                case 9 -> p.sub(Reductions.mean(q, false));
                case 10 -> p.reshape(-1).neg();
                default -> p.abs().sqrt();
            };
            values.add(v);
            if (r.nextInt(5) == 0) {
                fetches.add(v);
            }
        }
        fetches.add(values.get(values.size() - 1));
        return fetches;
    }

    private static Tensor run(Node y, Node x, Tensor in, boolean optimize, int threads) {
        return new Session(new ParamStore()).optimize(optimize).threads(threads).run(Map.of(x, in), y).get(0);
    }

    private static List<FusedChain> chains(Fusion f) {
        List<FusedChain> out = new ArrayList<>();
        for (FusedChain c : f.atRoot()) {
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean b : flags) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void chainsKeepTheirInputsAliveUntilTheyRun() {
        // x's last plain reader is the first member; its buffer must not go to the matmul in between.
        Graph g = new Graph();
        Node x = g.input("x", 8, 8);
        Node t = x.exp().tanh();
        Node m = x.matmul(x);
        Node y = t.mul(x).add(m.sum());
        Schedule plan = Schedule.compile(List.of(y), Map.of(), true);
        assertEquals(1, chains(plan.fusion()).size(), "exp, tanh, mul and add: one chain around the product");
        Tensor in = Tensor.randomNormal(5, 0, 1, 8, 8);
        assertEquals(run(y, x, in, false, 1), run(y, x, in, true, 1));
    }
}
