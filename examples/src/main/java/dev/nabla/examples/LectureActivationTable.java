// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.ActivationCatalog;
import dev.nabla.nn.activation.Activations;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * The derivative column of the lecture's table "TLDR: Activations", transcribed as printed.
 *
 * <p>Each row pairs the printed derivative cell, as a plain {@code double} function, with the
 * Nabla activation it describes, at the same parameters. The cells are transcribed faithfully,
 * mathematical errors included: the point of {@link ActivationTableExample} is that autodiff
 * finds them. Only plain transcription glitches are resolved, each with a comment saying so.
 *
 * <p>Where the lecture names a parameter but prints no value (ISRU, ISRLU, PReLU, RReLU, ELU,
 * SReLU, APL, soft exponential, soft clipping), the row fixes one and uses the same value on both
 * sides, so a difference can only come from the formula.
 */
final class LectureActivationTable {
    private LectureActivationTable() {}

    /** ISRU's and ISRLU's alpha; the lecture prints none, 1 is the paper's usual choice. */
    static final double ISR_ALPHA = 1.0;
    /** PReLU's learned alpha, fixed at the PReLU paper's initial value. */
    static final double PRELU_ALPHA = 0.25;
    /** RReLU's bounds (Xu et al. 2015); in evaluation its alpha is fixed to their mean. */
    static final double RRELU_LOWER = 1.0 / 8, RRELU_UPPER = 1.0 / 3;
    static final double RRELU_ALPHA = (RRELU_LOWER + RRELU_UPPER) / 2;
    /** ELU's alpha; the lecture prints none (its range column discusses alpha = 1). */
    static final double ELU_ALPHA = 1.0;
    /** SELU's constants as the lecture prints them, to five or six significant digits. */
    static final double SELU_LAMBDA = 1.0507;
    static final double SELU_ALPHA = 1.67326;
    /** SReLU's learned thresholds and slopes, fixed. */
    static final double SRELU_T1 = -1.0, SRELU_A1 = 0.2, SRELU_T2 = 1.5, SRELU_A2 = 0.5;
    /** APL with k = 2 hinges, fixed. */
    static final double[] APL_A = {0.3, -0.2};
    static final double[] APL_B = {1.0, -2.0};
    /** Soft exponential's learned alpha, one value per printed case. */
    static final double SOFTEXP_NEG = -0.2, SOFTEXP_ZERO = 0.0, SOFTEXP_POS = 0.5;
    /** Soft clipping's alpha; the lecture prints none. */
    static final double CLIP_ALPHA = 2.0;

    /**
     * One printed row.
     *
     * @param key a short id, for look-ups
     * @param name the function's name as printed, without its footnote marks
     * @param cell the printed derivative cell, verbatim
     * @param nabla the Nabla function the row describes, at the row's parameters
     * @param derivative the printed cell as a function of {@code x}
     * @param oddIndex the printed cell at odd positions of the last axis; the same as
     *     {@code derivative} except for BReLU, whose cell depends on the index
     * @param kinks points where the printed cell or the function has no derivative
     */
    record Row(String key, String name, String cell, UnaryOperator<Node> nabla,
               DoubleUnaryOperator derivative, DoubleUnaryOperator oddIndex, List<Double> kinks) {}

    /** Every row of the printed table, in the printed order. */
    static List<Row> rows() {
        return List.of(
                row("identity", "Identity", "f'(x) = 1", catalog("identity"), x -> 1),
                row("binary_step", "Binary step",
                        "f'(x) = \\begin{cases} 0 & \\text{for } x \\neq 0 \\\\ ? & \\text{for } x = 0 \\end{cases}",
                        catalog("binary_step"), x -> x != 0 ? 0 : Double.NaN, 0.0),
                row("logistic", "Logistic (a.k.a. Sigmoid or Soft step)", "f'(x) = f(x)(1 - f(x))",
                        catalog("sigmoid"), x -> sigma(x) * (1 - sigma(x))),
                row("tanh", "Tanh", "f'(x) = 1 - f(x)^2", catalog("tanh"), x -> 1 - Math.tanh(x) * Math.tanh(x)),
                row("arctan", "Arctan", "f'(x) = \\frac{1}{x^2 + 1}", catalog("arctan"), x -> 1 / (x * x + 1)),
                row("arsinh", "ArSinh", "f'(x) = \\frac{1}{\\sqrt{x^2 + 1}}", catalog("arsinh"),
                        x -> 1 / Math.sqrt(x * x + 1)),
                // Printed as "EluSeg [8][9][10] Softsign [11][12]": footnote debris; the row is softsign.
                // Glitch: the cell reads "(1 +  x )^2"; the blanks are absolute-value bars lost in
                // transcription (the function cell has the same gaps), so this is 1/(1 + |x|)^2.
                row("softsign", "Softsign", "f'(x) = \\frac{1}{(1 +  x )^2}", catalog("softsign"),
                        x -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)))),
                // Decision: the trailing ' is read as written, a derivative sign, so the cell is
                // d/dx (1 + a x^2)^(-1/2) = -a x (1 + a x^2)^(-3/2). That is the derivative of the
                // bracket, not of f = x (1 + a x^2)^(-1/2). (Read as a lost cube, the cell would be
                // right; the example reports that reading separately, see cubeReadings().)
                row("isru", "Inverse square root unit (ISRU)",
                        "f'(x) = \\left( \\frac{1}{\\sqrt{1 + \\alpha x^2}} \\right)'",
                        x -> Activations.isru(x, ISR_ALPHA),
                        x -> -ISR_ALPHA * x * Math.pow(1 + ISR_ALPHA * x * x, -1.5)),
                // Same decision as ISRU. The printed "1 - alpha x^2" (also in the printed function
                // cell, where the real ISRLU has "1 + alpha x^2") is kept: it is mathematics, not a
                // lost symbol. So the cell is d/dx (1 - a x^2)^(-1/2) = a x (1 - a x^2)^(-3/2),
                // undefined for x <= -1/sqrt(a).
                row("isrlu", "Inverse square root linear unit (ISRLU)",
                        "f'(x) = \\begin{cases} \\left( \\frac{1}{\\sqrt{1 - \\alpha x^2}} \\right)' & for x < 0"
                                + " \\\\ 1 & for x \\geq 0 \\end{cases}",
                        x -> Activations.isrlu(x, ISR_ALPHA),
                        x -> x < 0 ? ISR_ALPHA * x * Math.pow(1 - ISR_ALPHA * x * x, -1.5) : 1, 0.0),
                // The sign in "1 \mp x/2" follows the order of the function's cases: the upper sign (-)
                // goes with 0 <= x <= 2, the lower (+) with -2 <= x < 0. The cell has no case for
                // |x| > 2, where f is constant; as printed it applies there too.
                row("sqnl", "Square Nonlinearity (SQNL)", "f'(x) = 1 \\mp \\frac{x}{2}", catalog("sqnl"),
                        x -> x >= 0 ? 1 - x / 2 : 1 + x / 2, -2.0, 0.0, 2.0),
                row("relu", "Rectified linear unit (ReLU)",
                        "f'(x) = \\begin{cases} 0 & \\text{for } x < 0 \\\\ 1 & \\text{for } x \\geq 0 \\end{cases}",
                        catalog("relu"), LectureActivationTable::reluPrime, 0.0),
                // ReLU' is the printed ReLU cell above; the odd-index case is -ReLU'(-x) as printed.
                // (By the chain rule (-ReLU(-x))' = +ReLU'(-x): the printed minus is wrong.)
                new Row("brelu", "Bipolar rectified linear unit (BReLU)",
                        "f'(x_i) = \\begin{cases} \\text{ReLU}'(x_i) & \\text{if } i \\bmod 2 = 0 \\\\"
                                + " -\\text{ReLU}'(-x_i) & \\text{if } i \\bmod 2 \\neq 0 \\end{cases}",
                        catalog("brelu"), LectureActivationTable::reluPrime, x -> -reluPrime(-x), List.of(0.0)),
                row("leaky_relu", "Leaky rectified linear unit (Leaky ReLU)",
                        "f'(x) = \\begin{cases} 0.01 & \\text{for } x < 0 \\\\ 1 & \\text{for } x \\geq 0 \\end{cases}",
                        catalog("leaky_relu"), x -> x < 0 ? 0.01 : 1, 0.0),
                row("prelu", "Parametric rectified linear unit (PReLU)",
                        "f'(\\alpha, x) = \\begin{cases} \\alpha & \\text{for } x < 0 \\\\ 1 & \\text{for } x \\geq 0"
                                + " \\end{cases}",
                        x -> Activations.prelu(x, x.graph().scalar(PRELU_ALPHA)), x -> x < 0 ? PRELU_ALPHA : 1, 0.0),
                row("rrelu", "Randomized leaky rectified linear unit (RReLU)",
                        "f'(\\alpha, x) = \\begin{cases} \\alpha & \\text{for } x < 0 \\\\ 1 & \\text{for } x \\geq 0"
                                + " \\end{cases}",
                        LectureActivationTable::rreluEvaluation, x -> x < 0 ? RRELU_ALPHA : 1, 0.0),
                row("elu", "Exponential linear unit (ELU)",
                        "f'(\\alpha, x) = \\begin{cases} f(\\alpha, x) + \\alpha & \\text{for } x < 0 \\\\ 1 &"
                                + " \\text{for } x \\geq 0 \\end{cases}",
                        x -> Activations.elu(x, ELU_ALPHA),
                        x -> x < 0 ? ELU_ALPHA * (Math.exp(x) - 1) + ELU_ALPHA : 1, 0.0),
                row("selu", "Scaled exponential linear unit (SELU)",
                        "f'(\\alpha, x) = \\lambda \\begin{cases} \\alpha(e^x) & \\text{for } x < 0 \\\\ 1 &"
                                + " \\text{for } x \\geq 0 \\end{cases}",
                        catalog("selu"), x -> SELU_LAMBDA * (x < 0 ? SELU_ALPHA * Math.exp(x) : 1), 0.0),
                row("srelu", "S-shaped rectified linear unit (SReLU)",
                        "f'_{t_1, a_1, t_2, a_2}(x) = \\begin{cases} a_1 & \\text{for } x \\leq t_1 \\\\ 1 &"
                                + " \\text{for } t_1 < x < t_2 \\\\ a_2 & \\text{for } x \\geq t_2 \\end{cases}",
                        x -> Activations.srelu(x, x.graph().scalar(SRELU_T1), x.graph().scalar(SRELU_A1),
                                x.graph().scalar(SRELU_T2), x.graph().scalar(SRELU_A2)),
                        x -> x <= SRELU_T1 ? SRELU_A1 : x < SRELU_T2 ? 1 : SRELU_A2, SRELU_T1, SRELU_T2),
                // H is the Heaviside step; its value at 0 does not matter, the hinges are kinks.
                row("apl", "Adaptive piecewise linear (APL)",
                        "f'(x) = H(x) - \\sum_{i=1}^k \\alpha_i H(-x + b_i)",
                        LectureActivationTable::apl, LectureActivationTable::aplPrinted, 0.0, APL_B[0], APL_B[1]),
                row("softplus", "SoftPlus", "f'(x) = \\frac{1}{1 + e^{-x}}", catalog("softplus"),
                        x -> 1 / (1 + Math.exp(-x))),
                row("bent_identity", "Bent identity", "f'(x) = \\frac{x}{2\\sqrt{x^2 + 1}} + 1",
                        catalog("bent_identity"), x -> x / (2 * Math.sqrt(x * x + 1)) + 1),
                // Printed as "Sigmoid Linear Unit (SLU) [24] (AKA SLU) [25] and Ssbsh-1 [26]", f = x sigma(x).
                // Odd-looking but right: f + s(1 - f) = x s + s - x s^2 = s + x s (1 - s) = (x s)'.
                row("silu", "Sigmoid Linear Unit (SLU)", "f'(x) = f(x) + \\sigma(x)(1 - f(x))", catalog("silu"),
                        x -> x * sigma(x) + sigma(x) * (1 - x * sigma(x))),
                // The printed cell: "f'(\alpha, x) = \begin{cases} \frac{1}{1 - \alpha x} & \text{for }
                // \alpha < 0 \\ \frac{1}{e^{\alpha x}} & \text{for } \alpha = 0 \\ e^{\alpha x} &
                // \text{for } \alpha > 0 \end{cases}". Its cases are cases of the learned alpha, not of x:
                // one row per case. For alpha < 0 it follows the printed function cell -ln(1 - alpha x)/alpha,
                // which dropped the paper's alpha inside the log (-ln(1 - alpha (x + alpha))/alpha).
                // For alpha = 0, 1/e^(alpha x) is an odd way to write 1, but it is 1.
                softExponential("soft_exponential_neg", SOFTEXP_NEG, "\\frac{1}{1 - \\alpha x} for \\alpha < 0",
                        x -> 1 / (1 - SOFTEXP_NEG * x)),
                softExponential("soft_exponential_zero", SOFTEXP_ZERO,
                        "\\frac{1}{e^{\\alpha x}} for \\alpha = 0", x -> 1 / Math.exp(SOFTEXP_ZERO * x)),
                softExponential("soft_exponential_pos", SOFTEXP_POS, "e^{\\alpha x} for \\alpha > 0",
                        x -> Math.exp(SOFTEXP_POS * x)),
                // The derivative is sigma(a x) - sigma(a (x - 1)) = 1/2 sinh(a/2) sech(a x/2) sech(a (1 - x)/2);
                // the printed cell has sinh(a x/2), which is 0 at x = 0 where the slope is largest.
                row("soft_clipping", "Soft Clipping",
                        "f'(\\alpha, x) = \\frac{1}{2} \\sinh\\left(\\frac{\\alpha x}{2}\\right)"
                                + " \\operatorname{sech}\\left(\\frac{\\alpha x}{2}\\right)"
                                + " \\operatorname{sech}\\left(\\frac{\\alpha}{2}(1 - x)\\right)",
                        x -> Activations.softClipping(x, CLIP_ALPHA),
                        x -> 0.5 * Math.sinh(CLIP_ALPHA * x / 2) * sech(CLIP_ALPHA * x / 2)
                                * sech(CLIP_ALPHA / 2 * (1 - x))),
                // Printed as "Sinuid": a garbled "Sinusoid".
                row("sinusoid", "Sinusoid", "f'(x) = \\cos(x)", catalog("sinusoid"), Math::cos),
                // The quotient rule gives (x cos(x) - sin(x))/x^2: the printed cell lost the factor x.
                row("sinc", "Sinc",
                        "f'(x) = \\begin{cases} 0 & \\text{for } x = 0 \\\\ \\frac{\\cos(x) - \\sin(x)}{x^2} &"
                                + " \\text{for } x \\neq 0 \\end{cases}",
                        catalog("sinc"), x -> x == 0 ? 0 : (Math.cos(x) - Math.sin(x)) / (x * x)),
                row("gaussian", "Gaussian", "f'(x) = -2xe^{-x^2}", catalog("gaussian"),
                        x -> -2 * x * Math.exp(-x * x)));
    }

    /**
     * The other reading of ISRU's and ISRLU's cells: the trailing ' as a cube lost in transcription,
     * {@code (1/sqrt(1 + a x^2))^3}. Reported beside the table, not in it.
     */
    static List<Row> cubeReadings() {
        return List.of(
                row("isru_cubed", "ISRU, ' read as ^3", "f'(x) = \\left( \\frac{1}{\\sqrt{1 + \\alpha x^2}} \\right)^3",
                        x -> Activations.isru(x, ISR_ALPHA), x -> Math.pow(1 + ISR_ALPHA * x * x, -1.5)),
                row("isrlu_cubed", "ISRLU, ' read as ^3",
                        "f'(x) = \\left( \\frac{1}{\\sqrt{1 - \\alpha x^2}} \\right)^3 for x < 0, 1 for x >= 0",
                        x -> Activations.isrlu(x, ISR_ALPHA), x -> x < 0 ? Math.pow(1 - ISR_ALPHA * x * x, -1.5) : 1, 0.0));
    }

    private static Row row(String key, String name, String cell, UnaryOperator<Node> nabla,
                           DoubleUnaryOperator derivative, double... kinks) {
        return new Row(key, name, cell, nabla, derivative, derivative,
                Arrays.stream(kinks).boxed().toList());
    }

    private static Row softExponential(String key, double alpha, String printedCase, DoubleUnaryOperator derivative) {
        return row(key, "SoftExponential, alpha = " + alpha,
                "f'(\\alpha, x) = ... " + printedCase + " ... (one case of the printed cell)",
                x -> Activations.softExponential(x, x.graph().scalar(alpha)), derivative);
    }

    private static UnaryOperator<Node> catalog(String name) {
        return ActivationCatalog.get(name).fn();
    }

    private static Node apl(Node x) {
        Node a = x.graph().constant(Tensor.fromArray(APL_A.clone(), APL_A.length));
        Node b = x.graph().constant(Tensor.fromArray(APL_B.clone(), APL_B.length));
        return Activations.apl(x, a, b);
    }

    private static double aplPrinted(double x) {
        double sum = 0;
        for (int i = 0; i < APL_A.length; i++) {
            sum += APL_A[i] * heaviside(-x + APL_B[i]);
        }
        return heaviside(x) - sum;
    }

    /** RReLU in evaluation mode (the training switch fed 0), where its alpha is a number. */
    private static Node rreluEvaluation(Node x) {
        return Activations.rrelu(x, RRELU_LOWER, RRELU_UPPER, x.graph().scalar(0.0), 0L);
    }

    private static double reluPrime(double x) {
        return x < 0 ? 0 : 1;
    }

    private static double heaviside(double x) {
        return x < 0 ? 0 : 1;
    }

    private static double sigma(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double sech(double x) {
        return 1 / Math.cosh(x);
    }
}
