// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.autodiff.FormulaTerm.Num;
import dev.nabla.autodiff.FormulaTerm.Style;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Binary;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Fold;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.RandomOp;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.Slice;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Unfold;
import dev.nabla.graph.op.Where;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns a node into a canonical term, top down: a named node becomes its name, reshape and
 * expand are looked through, and each primitive maps to its algebra. Recursion stops at
 * {@code maxDepth} ops below the root with {@code ...}; results are memoised per node, so shared
 * subgraphs are read once.
 */
final class FormulaReader {
    private final FormulaAlgebra alg = new FormulaAlgebra();
    private final int maxDepth;
    private final Map<Node, FormulaTerm> whole = new IdentityHashMap<>();
    /** Terms that were cut short depend on the depth they were read at. */
    private final Map<Node, FormulaTerm[]> cutAt = new IdentityHashMap<>();

    FormulaReader(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** Reads the root; unlike the nodes below it, a named root is expanded unless it is a leaf. */
    FormulaTerm root(Node node) {
        return read(skipMovement(node), 0);
    }

    private FormulaTerm term(Node node, int depth) {
        Node n = node;
        while (n.name() == null && transparent(n.op())) {
            n = n.input(0);
        }
        if (n.name() != null) {
            return alg.atom(n.name(), "name:" + n.name());
        }
        return read(n, depth);
    }

    private FormulaTerm read(Node n, int depth) {
        FormulaTerm t = whole.get(n);
        if (t != null) {
            return t;
        }
        if (n.op().kind() == OpKind.LEAF) {
            t = leaf(n); // leaves print even below the depth limit: they cost no recursion
            whole.put(n, t);
            return t;
        }
        if (depth >= maxDepth) {
            return alg.ellipsis();
        }
        FormulaTerm[] cuts = cutAt.get(n);
        if (cuts != null && cuts[depth] != null) {
            return cuts[depth];
        }
        t = convert(n, depth + 1);
        if (t.cut) {
            cutAt.computeIfAbsent(n, k -> new FormulaTerm[maxDepth])[depth] = t;
        } else {
            whole.put(n, t);
        }
        return t;
    }

    private static Node skipMovement(Node node) {
        Node n = node;
        while (transparent(n.op())) {
            n = n.input(0);
        }
        return n;
    }

    /** Reshape and expand only move or repeat values, so a formula reads straight through them. */
    private static boolean transparent(Primitive op) {
        return switch (op.kind()) {
            case RESHAPE, EXPAND -> true;
            case LEAF, UNARY, BINARY, COMPARE, WHERE, REDUCTION, PERMUTE, SLICE, PAD, GATHER, ONE_HOT, MATMUL,
                    UNFOLD, FOLD, RANDOM, STOP_GRADIENT, CUSTOM -> false;
        };
    }

    private FormulaTerm leaf(Node n) {
        if (n.name() != null) {
            return alg.atom(n.name(), "name:" + n.name());
        }
        if (!(n.op() instanceof Leaf.Constant c)) {
            return alg.atom("%" + n.id(), "%" + n.id());
        }
        double[] v = c.value().toArray();
        for (int i = 1; i < v.length; i++) {
            if (Double.compare(v[i], v[0]) != 0) {
                return alg.atom("const" + dims(n.shape()), "#" + n.id());
            }
        }
        return v.length > 0 ? alg.num(v[0]) : alg.atom("const" + dims(n.shape()), "#" + n.id());
    }

    /** The formula reader's entry for each kind: how a node of that kind becomes a term. */
    private FormulaTerm convert(Node n, int depth) {
        Primitive op = n.op();
        // Every draw is its own value, read without its inputs: two equal-looking draws must not cancel.
        List<FormulaTerm> in = op.kind() == OpKind.RANDOM ? List.of() : inputs(n, depth);
        return switch (op.kind()) {
            case LEAF -> leaf(n);
            case RANDOM -> alg.atom(random((RandomOp) op), "#" + n.id());
            case UNARY -> unary(((Unary) op).fn(), in.get(0));
            case BINARY -> binary(((Binary) op).fn(), in.get(0), in.get(1));
            case COMPARE -> compare(((Compare) op).fn(), in.get(0), in.get(1));
            case WHERE -> where(in.get(0), in.get(1), in.get(2));
            case REDUCTION -> reduction((Reduce) op, n.input(0).shape(), in.get(0));
            case MATMUL -> matmul((MatMul) op, in.get(0), in.get(1));
            case PERMUTE -> permute(((Permute) op).perm(), in.get(0));
            case SLICE -> slice((Slice) op, in);
            case PAD -> pad((Pad) op, in);
            case GATHER -> alg.function("gather", in, "axis=" + ((Gather) op).axis());
            case ONE_HOT -> oneHot((OneHot) op, in);
            case UNFOLD -> alg.function("unfold", in, ((Unfold) op).window().toString());
            case FOLD -> alg.function("fold", in, "size=(" + ((Fold) op).height() + ", " + ((Fold) op).width() + "), "
                    + ((Fold) op).window());
            // Reshape and expand reach here only as a named root; custom ops are the user's names.
            case RESHAPE, EXPAND, STOP_GRADIENT, CUSTOM -> alg.function(op.name(), in, "");
        };
    }

    private List<FormulaTerm> inputs(Node n, int depth) {
        List<FormulaTerm> in = new ArrayList<>();
        for (Node x : n.inputs()) {
            in.add(term(x, depth));
        }
        return in;
    }

    private FormulaTerm matmul(MatMul m, FormulaTerm a, FormulaTerm b) {
        return alg.matmul(m.transA() ? alg.transpose(a) : a, m.transB() ? alg.transpose(b) : b);
    }

    private FormulaTerm slice(Slice s, List<FormulaTerm> in) {
        return alg.function("slice", in, "axis=" + s.axis() + ", " + s.start() + ":" + s.end());
    }

    private FormulaTerm pad(Pad p, List<FormulaTerm> in) {
        return alg.function("pad", in, "axis=" + p.axis() + ", before=" + p.before() + ", after=" + p.after()
                + (p.value() == 0.0 ? "" : ", value=" + FormulaPrinter.number(p.value())));
    }

    private FormulaTerm oneHot(OneHot o, List<FormulaTerm> in) {
        return alg.function("one_hot", in, o.depth() == Shape.UNKNOWN
                ? "depth=size of axis " + o.referenceAxis() + " of the second argument" : "depth=" + o.depth());
    }

    private FormulaTerm unary(UnaryFn fn, FormulaTerm x) {
        if (fn == UnaryFn.NEG) {
            return alg.neg(x);
        }
        if (fn == UnaryFn.RECIP) {
            return alg.pow(x, -1.0);
        }
        if (x instanceof Num n) {
            return alg.num(fn.apply(n.value));
        }
        return alg.function(fn.name().toLowerCase(Locale.ROOT), List.of(x), "");
    }

    private FormulaTerm binary(BinaryFn fn, FormulaTerm a, FormulaTerm b) {
        if (a instanceof Num x && b instanceof Num y) {
            return alg.num(fn.apply(x.value, y.value));
        }
        if (fn == BinaryFn.ADD) {
            return alg.add(a, b);
        }
        if (fn == BinaryFn.MUL) {
            return alg.mul(a, b);
        }
        if (fn == BinaryFn.DIV) {
            return alg.mul(a, alg.pow(b, -1.0));
        }
        if (fn == BinaryFn.POW) {
            return b instanceof Num e ? alg.pow(a, e.value)
                    : alg.call("^", Style.INFIX, FormulaTerm.POW, List.of(a, b), "");
        }
        return alg.function(fn == BinaryFn.MAX ? "max" : fn.name().toLowerCase(Locale.ROOT),
                List.of(a, b), "");
    }

    private FormulaTerm compare(Compare.Fn fn, FormulaTerm a, FormulaTerm b) {
        String symbol = switch (fn) {
            case LT -> "<";
            case LE -> "<=";
            case EQ -> "==";
        };
        if (a instanceof Num x && b instanceof Num y) {
            boolean holds = switch (fn) {
                case LT -> x.value < y.value;
                case LE -> x.value <= y.value;
                case EQ -> x.value == y.value;
            };
            return alg.num(holds ? 1.0 : 0.0);
        }
        return alg.call(symbol, Style.INFIX, FormulaTerm.CMP, List.of(a, b), "");
    }

    private FormulaTerm where(FormulaTerm c, FormulaTerm a, FormulaTerm b) {
        if (c instanceof Num n) {
            return n.value != 0.0 ? a : b;
        }
        return a == b ? a : alg.function("where", List.of(c, a, b), "");
    }

    private FormulaTerm reduction(Reduce r, Shape in, FormulaTerm x) {
        boolean sum = r.fn() == Reduce.Fn.SUM;
        String name = r.fn().name().toLowerCase(Locale.ROOT);
        if (x instanceof Num n) {
            long count = 1;
            for (int a : r.axes()) {
                count = in.dim(a) == Shape.UNKNOWN || count < 0 ? -1 : count * in.dim(a);
            }
            if (!sum || count >= 0) {
                return alg.num(sum ? n.value * count : n.value);
            }
        }
        String extra = "";
        if (r.axes().size() != in.rank()) {
            StringJoiner axes = new StringJoiner(", ", r.axes().size() > 1 ? "axis=(" : "axis=",
                    r.axes().size() > 1 ? ")" : "");
            r.axes().forEach(a -> axes.add(Integer.toString(a)));
            extra = axes.toString();
        }
        // A sum is linear, so its coefficient moves outside; a max only commutes with c > 0.
        return sum ? alg.linear(name, x, extra) : alg.function(name, List.of(x), extra);
    }

    private FormulaTerm permute(List<Integer> perm, FormulaTerm x) {
        int r = perm.size();
        boolean swapsLastTwo = r >= 2 && perm.get(r - 2) == r - 1 && perm.get(r - 1) == r - 2;
        for (int i = 0; i < r - 2; i++) {
            swapsLastTwo &= perm.get(i) == i;
        }
        if (swapsLastTwo) {
            return alg.transpose(x);
        }
        StringJoiner p = new StringJoiner(", ", "perm=(", ")");
        perm.forEach(a -> p.add(Integer.toString(a)));
        return alg.function("permute", List.of(x), p.toString());
    }

    private static String random(RandomOp r) {
        String args = switch (r.dist()) {
            case UNIFORM, NORMAL -> FormulaPrinter.number(r.a()) + ", " + FormulaPrinter.number(r.b());
            case BERNOULLI -> FormulaPrinter.number(r.a());
        };
        return r.name() + "(" + args + ")";
    }

    private static String dims(Shape s) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int d : s.dims()) {
            j.add(d == Shape.UNKNOWN ? "?" : Integer.toString(d));
        }
        return j.toString();
    }
}
