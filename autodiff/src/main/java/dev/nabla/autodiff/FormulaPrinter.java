// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.autodiff.FormulaTerm.Atom;
import dev.nabla.autodiff.FormulaTerm.Call;
import dev.nabla.autodiff.FormulaTerm.Factor;
import dev.nabla.autodiff.FormulaTerm.Num;
import dev.nabla.autodiff.FormulaTerm.Prod;
import dev.nabla.autodiff.FormulaTerm.Style;
import dev.nabla.autodiff.FormulaTerm.Sum;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a term in infix notation with the fewest parentheses its precedences allow: a negative
 * summand as {@code a - b}, negative exponents as a denominator {@code a / b}, a coefficient of
 * one left out. Recursion follows the term's depth, which the reader bounds; output past a
 * character budget is cut with {@code ...}, so a term shared exponentially often stays cheap.
 */
final class FormulaPrinter {
    private final StringBuilder out = new StringBuilder();
    private final int budget;

    private FormulaPrinter(int budget) {
        this.budget = budget;
    }

    static String print(FormulaTerm t, int budget) {
        FormulaPrinter p = new FormulaPrinter(budget);
        p.term(t, FormulaTerm.CMP);
        return p.out.length() > budget ? p.out.substring(0, budget) + " ..." : p.out.toString();
    }

    /** Shows a number with at most 12 significant digits, integers without a decimal point. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toString();
    }

    private void term(FormulaTerm t, int minPrec) {
        if (out.length() > budget) {
            return;
        }
        boolean parens = t.prec() < minPrec;
        out.append(parens ? "(" : "");
        if (t instanceof Num n) {
            out.append(number(n.value));
        } else if (t instanceof Atom a) {
            out.append(a.text);
        } else if (t instanceof Sum s) {
            sum(s);
        } else if (t instanceof Prod p) {
            prod(p, false);
        } else {
            call((Call) t);
        }
        out.append(parens ? ")" : "");
    }

    private void sum(Sum s) {
        List<FormulaTerm> terms = new ArrayList<>(s.terms);
        // Lead with a positive term where there is one: "a - b" reads better than "-b + a".
        for (int i = 0; i < terms.size(); i++) {
            if (!negative(terms.get(i))) {
                terms.add(0, terms.remove(i));
                break;
            }
        }
        term(terms.get(0), FormulaTerm.SUM);
        for (FormulaTerm t : terms.subList(1, terms.size())) {
            if (t instanceof Num n && n.value < 0) {
                out.append(" - ").append(number(-n.value));
            } else if (t instanceof Prod p && p.coef < 0) {
                out.append(" - ");
                prod(p, true);
            } else {
                out.append(" + ");
                term(t, FormulaTerm.SUM + 1);
            }
        }
    }

    private static boolean negative(FormulaTerm t) {
        return t instanceof Num n && n.value < 0 || t instanceof Prod p && p.coef < 0;
    }

    /** Prints {@code [-][coef *] numerators [/ denominators]}, with the sign flipped if asked. */
    private void prod(Prod p, boolean flip) {
        double c = flip ? -p.coef : p.coef;
        if (c < 0) {
            out.append('-');
            c = -c;
        }
        List<Factor> num = new ArrayList<>();
        List<Factor> den = new ArrayList<>();
        for (Factor f : p.factors) {
            (f.exp() > 0 ? num : den).add(f);
        }
        String coef = number(c);
        boolean first = true;
        if (!coef.equals("1") || num.isEmpty()) {
            out.append(coef);
            first = false;
        }
        for (Factor f : num) {
            out.append(first ? "" : " * ");
            factor(f.base(), f.exp());
            first = false;
        }
        if (den.isEmpty()) {
            return;
        }
        out.append(" / ").append(den.size() > 1 ? "(" : "");
        for (int i = 0; i < den.size(); i++) {
            out.append(i > 0 ? " * " : "");
            factor(den.get(i).base(), -den.get(i).exp());
        }
        out.append(den.size() > 1 ? ")" : "");
    }

    private void factor(FormulaTerm base, double exp) {
        if (exp == 1.0) {
            term(base, FormulaTerm.PROD + 1);
        } else {
            term(base, FormulaTerm.ATOM);
            out.append('^').append(number(exp));
        }
    }

    private void call(Call c) {
        if (c.style == Style.POSTFIX) {
            term(c.args.get(0), FormulaTerm.ATOM);
            out.append(c.name);
        } else if (c.style == Style.INFIX) {
            FormulaTerm left = c.args.get(0);
            // Matrix products chain to the left without parentheses: a @ b @ c.
            boolean chain = left instanceof Call l && l.name.equals(c.name) && c.name.equals("@");
            term(left, chain ? c.prec : c.prec + 1);
            String gap = c.prec == FormulaTerm.POW ? "" : " "; // a^b, but a @ b and a < b
            out.append(gap).append(c.name).append(gap);
            term(c.args.get(1), c.prec + 1);
        } else {
            out.append(c.name).append('(');
            for (int i = 0; i < c.args.size(); i++) {
                out.append(i > 0 ? ", " : "");
                term(c.args.get(i), FormulaTerm.CMP);
            }
            out.append(c.extra.isEmpty() || c.args.isEmpty() ? "" : ", ").append(c.extra).append(')');
        }
    }
}
