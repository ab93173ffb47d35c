// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

/**
 * The registry of primitives: one constant per record type {@link Primitive} permits, so that every
 * pass over primitives can dispatch with a {@code switch} expression that javac checks.
 *
 * <p>A pass is written as {@code switch (op.kind()) { case UNARY -> ...; ... }} with no
 * {@code default} branch: adding a constant here is then a compile error in every pass that does
 * not handle it, never a silent fallback. What a pass needs to know that is a fact about the
 * primitive itself, such as whether it is pure, is declared by the constant.
 * Usage: {@code if (node.op().kind() == OpKind.RANDOM) { ... }}
 */
public enum OpKind {
    /** Constants, inputs and params: {@link Leaf}. */
    LEAF(Leaf.class, true),
    /** {@link Unary}. */
    UNARY(Unary.class, true),
    /** {@link Binary}. */
    BINARY(Binary.class, true),
    /** {@link Compare}. */
    COMPARE(Compare.class, true),
    /** {@link Where}. */
    WHERE(Where.class, true),
    /** {@link Reduce}. */
    REDUCTION(Reduce.class, true),
    /** {@link Reshape}. */
    RESHAPE(Reshape.class, true),
    /** {@link Permute}. */
    PERMUTE(Permute.class, true),
    /** {@link Expand}. */
    EXPAND(Expand.class, true),
    /** {@link Slice}. */
    SLICE(Slice.class, true),
    /** {@link Pad}. */
    PAD(Pad.class, true),
    /** {@link Gather}. */
    GATHER(Gather.class, true),
    /** {@link OneHot}. */
    ONE_HOT(OneHot.class, true),
    /** {@link MatMul}. */
    MATMUL(MatMul.class, true),
    /** {@link Unfold}. */
    UNFOLD(Unfold.class, true),
    /** {@link Fold}. */
    FOLD(Fold.class, true),
    /** {@link RandomOp}: each run draws anew, so it is not pure. */
    RANDOM(RandomOp.class, false),
    /** {@link StopGradient}. */
    STOP_GRADIENT(StopGradient.class, true),
    /** {@link Custom}: user code, which Nabla cannot prove free of state or side effects. */
    CUSTOM(Custom.class, false);

    private final Class<? extends Primitive> type;
    private final boolean pure;

    OpKind(Class<? extends Primitive> type, boolean pure) {
        this.type = type;
        this.pure = pure;
    }

    /**
     * Tells which Java type the ops of this kind have.
     *
     * @return the record type (or, for leaves, the sealed interface) whose ops have this kind
     */
    public Class<? extends Primitive> type() {
        return type;
    }

    /**
     * Tells whether an op of this kind gives the same output for the same inputs on every run and
     * has no effect besides its output, so it may be computed once when its inputs are constants.
     *
     * @return true for a pure kind
     */
    public boolean pure() {
        return pure;
    }
}
