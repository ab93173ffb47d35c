// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.autodiff.FormulaTerm.Atom;
import dev.nabla.autodiff.FormulaTerm.Call;
import dev.nabla.autodiff.FormulaTerm.Factor;
import dev.nabla.autodiff.FormulaTerm.Num;
import dev.nabla.autodiff.FormulaTerm.Prod;
import dev.nabla.autodiff.FormulaTerm.Style;
import dev.nabla.autodiff.FormulaTerm.Sum;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/**
 * Smart constructors that keep terms in a canonical form: sums are flat with like terms collected
 * ({@code c1*t + c2*t = (c1+c2)*t}), products are flat with numbers folded into one coefficient and
 * equal bases collected into powers ({@code a*a = a^2}, {@code a*recip(a) = 1}), and zeros and ones
 * vanish. Every term is interned under a key made of its kind and its children's ids, with the
 * children of sums and products sorted, so commuted but equal terms are one object; printing keeps
 * the order in which the parts first appeared. One instance serves one formula (it is not shared).
 */
final class FormulaAlgebra {
    private final Map<String, FormulaTerm> interned = new HashMap<>();
    private final FormulaTerm one = num(1.0);
    private int ellipses;

    FormulaTerm num(double v) {
        double x = v == 0.0 ? 0.0 : v; // -0.0 prints and compares as 0
        return intern("n" + x, id -> new Num(id, x));
    }

    /**
     * A verbatim term.
     *
     * @param text what to print
     * @param identity what makes it equal to another atom: a name, a node id
     */
    FormulaTerm atom(String text, String identity) {
        return intern("a" + identity, id -> new Atom(id, text, false));
    }

    /** A cut-off subterm; each is distinct, so {@code ... - ...} does not fold to 0. */
    FormulaTerm ellipsis() {
        return intern("." + ellipses++, id -> new Atom(id, "...", true));
    }

    FormulaTerm neg(FormulaTerm a) {
        return mul(num(-1.0), a);
    }

    FormulaTerm add(FormulaTerm a, FormulaTerm b) {
        return sum(concat(terms(a), terms(b)));
    }

    /** Collects like terms; a scaled sum whose coefficients add up to 1 is spliced in and collected again. */
    private FormulaTerm sum(List<FormulaTerm> parts) {
        Map<Integer, FormulaTerm> monomials = new LinkedHashMap<>();
        Map<Integer, Double> coefs = new HashMap<>();
        for (FormulaTerm t : parts) {
            FormulaTerm m = monomial(t);
            monomials.putIfAbsent(m.id, m);
            coefs.merge(m.id, coef(t), Double::sum);
        }
        List<FormulaTerm> out = new ArrayList<>();
        boolean nested = false;
        for (FormulaTerm m : monomials.values()) {
            double c = coefs.get(m.id);
            if (c != 0.0) {
                FormulaTerm t = mul(num(c), m);
                nested |= t instanceof Sum;
                out.add(t);
            }
        }
        if (nested) {
            List<FormulaTerm> flat = new ArrayList<>();
            out.forEach(t -> flat.addAll(terms(t)));
            return sum(flat);
        }
        if (out.isEmpty()) {
            return num(0.0);
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        return intern("s" + sortedIds(out), id -> new Sum(id, out));
    }

    FormulaTerm mul(FormulaTerm a, FormulaTerm b) {
        double c = coef(a) * coef(b);
        if (c == 0.0) {
            return num(0.0);
        }
        Map<Integer, Factor> merged = new LinkedHashMap<>();
        for (Factor f : concat(factors(a), factors(b))) {
            merged.merge(f.base().id, f, (p, q) -> new Factor(p.base(), p.exp() + q.exp()));
        }
        List<Factor> kept = new ArrayList<>();
        for (Factor f : merged.values()) {
            if (f.exp() != 0.0) {
                kept.add(f);
            }
        }
        return prod(c, kept);
    }

    /** {@code a^e}; an integer power distributes over a product, a fractional one does not. */
    FormulaTerm pow(FormulaTerm a, double e) {
        if (e == 1.0) {
            return a;
        }
        if (e == 0.0) {
            return one;
        }
        if (a instanceof Num n) {
            return num(Math.pow(n.value, e));
        }
        if (a instanceof Prod p && e == Math.rint(e) && !Double.isInfinite(e)) {
            List<Factor> raised = new ArrayList<>();
            for (Factor f : p.factors) {
                raised.add(new Factor(f.base(), f.exp() * e));
            }
            return prod(Math.pow(p.coef, e), raised);
        }
        return prod(1.0, List.of(new Factor(a, e)));
    }

    /** {@code name(args, extra)}, or an infix or postfix operator as {@code style} says. */
    FormulaTerm call(String name, Style style, int prec, List<FormulaTerm> args, String extra) {
        StringJoiner key = new StringJoiner(",", "c" + name + "|" + style + "|" + extra + "|", "");
        for (FormulaTerm t : args) {
            key.add(Integer.toString(t.id));
        }
        return intern(key.toString(), id -> new Call(id, name, style, prec, args, extra));
    }

    FormulaTerm function(String name, List<FormulaTerm> args, String extra) {
        return call(name, Style.FUNCTION, FormulaTerm.ATOM, args, extra);
    }

    /** {@code a^T}; transposing twice is the identity and coefficients move outside. */
    FormulaTerm transpose(FormulaTerm a) {
        if (a instanceof Call c && c.style == Style.POSTFIX && c.name.equals("^T")) {
            return c.args.get(0);
        }
        if (a instanceof Num) {
            return a;
        }
        if (a instanceof Prod p && p.coef != 1.0) {
            return mul(num(p.coef), transpose(monomial(a)));
        }
        return call("^T", Style.POSTFIX, FormulaTerm.POW, List.of(a), "");
    }

    /** {@code a @ b}, with the coefficients of both operands moved in front. */
    FormulaTerm matmul(FormulaTerm a, FormulaTerm b) {
        if (isNum(a, 0.0) || isNum(b, 0.0)) {
            return num(0.0);
        }
        double c = (a instanceof Prod ? coef(a) : 1.0) * (b instanceof Prod ? coef(b) : 1.0);
        FormulaTerm ma = a instanceof Prod ? monomial(a) : a;
        FormulaTerm mb = b instanceof Prod ? monomial(b) : b;
        return mul(num(c), call("@", Style.INFIX, FormulaTerm.PROD, List.of(ma, mb), ""));
    }

    /** {@code name(x)} for a linear reduction such as sum, with x's coefficient moved in front. */
    FormulaTerm linear(String name, FormulaTerm x, String extra) {
        return mul(num(coef(x)), function(name, List.of(monomial(x)), extra));
    }

    static boolean isNum(FormulaTerm t, double v) {
        return t instanceof Num n && n.value == v;
    }

    /**
     * Reads the numeric factor of a term, so like terms can be added by their coefficients.
     *
     * @return the number in front: the value of a number, the coefficient of a product, else 1
     */
    static double coef(FormulaTerm t) {
        if (t instanceof Num n) {
            return n.value;
        }
        return t instanceof Prod p ? p.coef : 1.0;
    }

    /**
     * Strips the numeric factor from a term, leaving the part that decides which terms are alike.
     *
     * @return the term without its coefficient; 1 for a number
     */
    FormulaTerm monomial(FormulaTerm t) {
        if (t instanceof Num) {
            return one;
        }
        return t instanceof Prod p ? prod(1.0, p.factors) : t;
    }

    private FormulaTerm prod(double coef, List<Factor> factors) {
        if (factors.isEmpty()) {
            return num(coef);
        }
        if (coef == 1.0 && factors.size() == 1 && factors.get(0).exp() == 1.0) {
            return factors.get(0).base();
        }
        List<Factor> sorted = new ArrayList<>(factors);
        sorted.sort(Comparator.comparingInt((Factor f) -> f.base().id).thenComparingDouble(Factor::exp));
        StringJoiner key = new StringJoiner(",", "p" + coef + ":", "");
        for (Factor f : sorted) {
            key.add(f.base().id + "^" + f.exp());
        }
        return intern(key.toString(), id -> new Prod(id, coef, factors));
    }

    private static List<FormulaTerm> terms(FormulaTerm t) {
        return t instanceof Sum s ? s.terms : List.of(t);
    }

    private static List<Factor> factors(FormulaTerm t) {
        if (t instanceof Num) {
            return List.of();
        }
        return t instanceof Prod p ? p.factors : List.of(new Factor(t, 1.0));
    }

    private static String sortedIds(List<FormulaTerm> terms) {
        StringJoiner key = new StringJoiner(",");
        terms.stream().mapToInt(t -> t.id).sorted().forEach(i -> key.add(Integer.toString(i)));
        return key.toString();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private FormulaTerm intern(String key, IntFunction<FormulaTerm> make) {
        FormulaTerm t = interned.get(key);
        if (t == null) {
            t = make.apply(interned.size());
            interned.put(key, t);
        }
        return t;
    }
}
