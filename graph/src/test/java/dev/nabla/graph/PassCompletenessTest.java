// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.exec.CompileTime;
import dev.nabla.graph.exec.DTypeDispatch;
import dev.nabla.graph.exec.Fusion;
import dev.nabla.graph.op.Binary;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Custom;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Fold;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Pointwise;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.RandomOp;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.op.Slice;
import dev.nabla.graph.op.StopGradient;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Unfold;
import dev.nabla.graph.op.Where;
import dev.nabla.graph.op.Window;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The registry is complete: every primitive type has one {@link OpKind}, and every pass in graph
 * answers for every kind. javac already rejects a pass's switch that leaves a kind out; this
 * catches what compiles anyway: a type missing from the registry, a record naming the wrong kind,
 * and a pass that answers "no entry" (null or a throw) for a kind.
 */
class PassCompletenessTest {
    /** One op of each kind; a new kind fails {@link #everyKindHasASample} until it has one here. */
    static Map<OpKind, Primitive> samples() {
        Map<OpKind, Primitive> s = new EnumMap<>(OpKind.class);
        s.put(OpKind.LEAF, new Leaf.Input(Shape.of(2)));
        s.put(OpKind.UNARY, new Unary(UnaryFn.EXP));
        s.put(OpKind.BINARY, new Binary(BinaryFn.ADD));
        s.put(OpKind.COMPARE, new Compare(Compare.Fn.LT));
        s.put(OpKind.WHERE, new Where());
        s.put(OpKind.REDUCTION, new Reduce(Reduce.Fn.SUM, List.of(0)));
        s.put(OpKind.RESHAPE, new Reshape(Shape.of(2, 1)));
        s.put(OpKind.PERMUTE, new Permute(List.of(1, 0)));
        s.put(OpKind.EXPAND, new Expand(Shape.of(2, 2)));
        s.put(OpKind.SLICE, new Slice(0, 0, 1));
        s.put(OpKind.PAD, new Pad(0, 1, 1, 0.0));
        s.put(OpKind.GATHER, new Gather(0));
        s.put(OpKind.ONE_HOT, new OneHot(3, 0));
        s.put(OpKind.MATMUL, new MatMul(false, false));
        s.put(OpKind.UNFOLD, new Unfold(new Window(2, 2, 1, 1, 0, 0, 1, 1)));
        s.put(OpKind.FOLD, new Fold(3, 3, new Window(2, 2, 1, 1, 0, 0, 1, 1)));
        s.put(OpKind.RANDOM, new RandomOp(RandomOp.Dist.UNIFORM, Shape.of(2), 0.0, 1.0, 7L));
        s.put(OpKind.STOP_GRADIENT, new StopGradient());
        s.put(OpKind.CUSTOM, new Custom(new BadInputGraphTest.Identity()));
        return s;
    }

    /** Every pass over primitives in graph, by the name a failure reports. */
    static Map<String, Function<Primitive, Object>> passes() {
        Map<String, Function<Primitive, Object>> p = new LinkedHashMap<>();
        p.put("name", Primitive::name);
        p.put("arity", Primitive::arity);
        p.put("constant folding (CompileTime.folding)", op -> CompileTime.folding(op.kind()));
        p.put("scalar broadcasts (CompileTime.scalarUse)", op -> CompileTime.scalarUse(op.kind()));
        p.put("float32 kernels (DTypeDispatch.runsFloat32)", op -> DTypeDispatch.runsFloat32(op.kind()));
        p.put("elementwise fusion (Fusion.role)", op -> {
            Fusion.Role role = Fusion.role(op.kind());
            if (role == Fusion.Role.LOOP && !(op instanceof Pointwise)) {
                throw new IllegalStateException(op.name() + " runs in chains but has no range loop: it must implement Pointwise");
            }
            if (role == Fusion.Role.BROADCAST && !(op instanceof Expand)) {
                throw new IllegalStateException(op.name() + " is read as a broadcast in chains, which only expand is");
            }
            return role;
        });
        return p;
    }

    /** What is missing: a kind without a sample, a sample of the wrong kind, a pass without an entry. */
    static List<String> gaps(Map<OpKind, Primitive> samples, Map<String, Function<Primitive, Object>> passes) {
        List<String> gaps = new ArrayList<>();
        for (OpKind kind : OpKind.values()) {
            Primitive op = samples.get(kind);
            if (op == null) {
                gaps.add("registry: kind " + kind + " has no sample op in PassCompletenessTest.samples()");
                continue;
            }
            if (op.kind() != kind || !kind.type().isInstance(op)) {
                gaps.add("registry: " + op.getClass().getSimpleName() + ".kind() is " + op.kind()
                        + ", but it is the sample of " + kind + " (type " + kind.type().getSimpleName() + ")");
            }
            passes.forEach((pass, entry) -> {
                String missing = entryOf(entry, op);
                if (missing != null) {
                    gaps.add("pass '" + pass + "' has no entry for kind " + kind + ": " + missing);
                }
            });
        }
        return gaps;
    }

    /** @return null when the pass answers for the op, else why not */
    private static String entryOf(Function<Primitive, Object> entry, Primitive op) {
        try {
            return entry.apply(op) == null ? "it answered null" : null;
        } catch (RuntimeException e) {
            return "it threw " + e;
        }
    }

    /** The permitted types no kind claims, and the kinds whose type is not permitted. */
    static List<String> registryGaps(List<Class<?>> permitted) {
        List<String> gaps = new ArrayList<>();
        for (Class<?> type : permitted) {
            long claimed = List.of(OpKind.values()).stream().filter(k -> k.type() == type).count();
            if (claimed != 1) {
                gaps.add("registry: primitive " + type.getSimpleName() + " is claimed by " + claimed
                        + " OpKind constants; add exactly one to OpKind");
            }
        }
        for (OpKind k : OpKind.values()) {
            if (!permitted.contains(k.type())) {
                gaps.add("registry: OpKind." + k + " names " + k.type().getSimpleName()
                        + ", which Primitive does not permit");
            }
        }
        return gaps;
    }

    @Test
    void everyPermittedPrimitiveHasOneKind() {
        List<String> gaps = registryGaps(List.of(Primitive.class.getPermittedSubclasses()));
        assertTrue(gaps.isEmpty(), () -> String.join("\n", gaps));
    }

    @Test
    void everyKindHasASampleAndEveryPassAnEntry() {
        List<String> gaps = gaps(samples(), passes());
        assertTrue(gaps.isEmpty(), () -> String.join("\n", gaps));
    }

    @Test
    void onlyPureKindsFold() {
        for (OpKind k : OpKind.values()) {
            CompileTime.Folding expected = k == OpKind.LEAF ? CompileTime.Folding.LEAF_VALUE
                    : k == OpKind.RANDOM || k == OpKind.CUSTOM ? CompileTime.Folding.NEVER
                    : CompileTime.Folding.FROM_INPUTS;
            assertEquals(expected, CompileTime.folding(k), k.name());
        }
    }

    /** A primitive type added to {@code permits} but not to the registry is named. */
    @Test
    void aPrimitiveMissingFromTheRegistryIsNamed() {
        List<Class<?>> permitted = new ArrayList<>(List.of(Primitive.class.getPermittedSubclasses()));
        permitted.add(Dropout.class);
        assertEquals(List.of("registry: primitive Dropout is claimed by 0 OpKind constants; add exactly one to OpKind"),
                registryGaps(permitted));
    }

    /** A pass that has no entry for a kind (here: a deny-list that gives up on random ops) is named. */
    @Test
    void aPassWithoutAnEntryForAKindIsNamed() {
        Map<String, Function<Primitive, Object>> passes = passes();
        passes.put("deliberately incomplete", op -> op.kind() == OpKind.RANDOM ? null : Boolean.TRUE);
        assertEquals(List.of("pass 'deliberately incomplete' has no entry for kind RANDOM: it answered null"),
                gaps(samples(), passes));
    }

    /** A kind with no sample, so that no pass is asked about it, is named. */
    @Test
    void aKindWithoutASampleIsNamed() {
        Map<OpKind, Primitive> samples = samples();
        samples.remove(OpKind.ONE_HOT);
        assertEquals(List.of("registry: kind ONE_HOT has no sample op in PassCompletenessTest.samples()"),
                gaps(samples, passes()));
    }

    /** Stands for a record someone added to {@code Primitive}'s permits list without an OpKind. */
    private record Dropout(double rate) {}
}
