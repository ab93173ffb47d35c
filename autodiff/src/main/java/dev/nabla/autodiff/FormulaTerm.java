// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import java.util.List;

/**
 * A node of the algebraic term tree that {@link Formula} prints. Terms are built only by one
 * {@link FormulaAlgebra}, which interns them: within it, two terms are structurally equal exactly
 * when they are the same object (equal {@link #id}), so equality stays cheap on shared subterms.
 */
abstract sealed class FormulaTerm
        permits FormulaTerm.Num, FormulaTerm.Atom, FormulaTerm.Sum, FormulaTerm.Prod, FormulaTerm.Call {
    /** Binding strengths, loosest first: comparison, sum, product (and unary minus), power, atom. */
    static final int CMP = 0;
    static final int SUM = 1;
    static final int PROD = 2;
    static final int POW = 4;
    static final int ATOM = 5;

    final int id;
    final boolean cut;

    private FormulaTerm(int id, boolean cut) {
        this.id = id;
        this.cut = cut;
    }

    /**
     * Gives the precedence this term prints with, used to decide where parentheses go.
     *
     * @return how tightly the printed term binds; a looser term in a tighter place gets parentheses
     */
    abstract int prec();

    static boolean anyCut(List<? extends FormulaTerm> terms) {
        for (FormulaTerm t : terms) {
            if (t.cut) {
                return true;
            }
        }
        return false;
    }

    /** A number: a constant whose elements are all equal. */
    static final class Num extends FormulaTerm {
        final double value;

        Num(int id, double value) {
            super(id, false);
            this.value = value;
        }

        @Override
        int prec() {
            return value < 0 ? PROD : ATOM;
        }
    }

    /** Printed verbatim: a name, {@code %id}, {@code const[2,3]}, a random draw, or {@code ...}. */
    static final class Atom extends FormulaTerm {
        final String text;

        Atom(int id, String text, boolean cut) {
            super(id, cut);
            this.text = text;
        }

        @Override
        int prec() {
            return ATOM;
        }
    }

    /** At least two terms, none a sum, none with the same monomial as another; printed in order. */
    static final class Sum extends FormulaTerm {
        final List<FormulaTerm> terms;

        Sum(int id, List<FormulaTerm> terms) {
            super(id, anyCut(terms));
            this.terms = List.copyOf(terms);
        }

        @Override
        int prec() {
            return SUM;
        }
    }

    /**
     * {@code coef * base1^exp1 * base2^exp2 ...}: a non-zero coefficient and at least one factor
     * with distinct bases and non-zero exponents, never a lone factor {@code 1 * x^1}.
     */
    static final class Prod extends FormulaTerm {
        final double coef;
        final List<Factor> factors;

        Prod(int id, double coef, List<Factor> factors) {
            super(id, factors.stream().anyMatch(f -> f.base().cut));
            this.coef = coef;
            this.factors = List.copyOf(factors);
        }

        @Override
        int prec() {
            return coef == 1.0 && factors.size() == 1 && factors.get(0).exp() > 0 ? POW : PROD;
        }
    }

    /**
     * One factor of a product.
     *
     * @param base never a number; a product only under a non-integer exponent
     * @param exp the exponent, not zero; negative exponents print as a denominator
     */
    record Factor(FormulaTerm base, double exp) {}

    /** How an operator prints its operands. */
    enum Style {
        /** {@code name(a, b, extra)}. */
        FUNCTION,
        /** {@code a name b}. */
        INFIX,
        /** {@code a name}, as {@code a^T}. */
        POSTFIX
    }

    /** Any other operator: a function, an infix operator such as {@code @} or {@code <}, or {@code ^T}. */
    static final class Call extends FormulaTerm {
        final String name;
        final Style style;
        final int prec;
        final List<FormulaTerm> args;
        final String extra;

        Call(int id, String name, Style style, int prec, List<FormulaTerm> args, String extra) {
            super(id, anyCut(args));
            this.name = name;
            this.style = style;
            this.prec = prec;
            this.args = List.copyOf(args);
            this.extra = extra;
        }

        @Override
        int prec() {
            return prec;
        }
    }
}
