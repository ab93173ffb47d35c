// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static dev.nabla.nn.activation.ActivationInfo.SMOOTH;
import static dev.nabla.nn.activation.CatalogRow.closed;
import static dev.nabla.nn.activation.CatalogRow.open;
import static dev.nabla.nn.activation.CatalogRow.row;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every activation with its metadata: the lecture's table "TLDR: Activations" plus GELU, Mish,
 * the hard units and softmax. Functions with parameters appear at the fixed values below; learned
 * ones at the values their layers start from. The metadata is the mathematical truth at those
 * values; where the lecture's table says otherwise, a comment on the row says why. Each row names
 * its columns (range, continuity, monotonic, monotonic derivative, identity near the origin), and
 * a row that leaves one unset fails when the class loads.
 *
 * <p>Usage: {@code for (ActivationInfo a : ActivationCatalog.all()) { Node y = a.fn().apply(x); }}
 */
public final class ActivationCatalog {
    private static final double INF = Double.POSITIVE_INFINITY;
    /** ISRU's and ISRLU's alpha in the catalog. */
    public static final double ISR_ALPHA = 1.0;
    /** ELU's alpha in the catalog: 1, where ELU is C^1 and approximates the identity. */
    public static final double ELU_ALPHA = 1.0;
    /** PReLU's alpha in the catalog, also {@link PReLU}'s initial value (He et al. 2015). */
    public static final double PRELU_ALPHA = 0.25;
    /** RReLU's bounds in the catalog (Xu et al. 2015, PyTorch's defaults); the catalog shows evaluation mode. */
    public static final double RRELU_LOWER = 1.0 / 8;
    /** See {@link #RRELU_LOWER}. */
    public static final double RRELU_UPPER = 1.0 / 3;
    /** SReLU's thresholds and slopes in the catalog, also {@link SReLU}'s initial values: {t1, a1, t2, a2}. */
    public static final List<Double> SRELU = List.of(-1.0, 0.1, 1.0, 0.1);
    /** APL's hinge slopes in the catalog (k = 2): slopes 0.5, -0.5, 0.5, 1 on the four pieces. */
    public static final List<Double> APL_A = List.of(0.5, -1.0);
    /** APL's hinge positions in the catalog. */
    public static final List<Double> APL_B = List.of(1.0, -1.0);
    /** The soft exponential's alpha in the catalog. */
    public static final double SOFT_EXPONENTIAL_ALPHA = 0.5;
    /** Soft clipping's alpha in the catalog. */
    public static final double SOFT_CLIPPING_ALPHA = 1.0;

    private static final Map<String, ActivationInfo> ROWS = new LinkedHashMap<>();

    static {
        squashing();
        rectifiers();
        smooth();
    }

    private ActivationCatalog() {}

    /** The lecture's first rows: identity, step and the S-shaped functions. */
    private static void squashing() {
        add(row("identity", "x", Rectifiers::identity)
                .range(open(-INF), open(INF)).continuity(SMOOTH).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(true));
        // The derivative is 0 off the jump and does not exist at it (a Dirac delta): not monotonic.
        add(row("binary_step", "1 for x >= 0, else 0", Rectifiers::binaryStep)
                .range(closed(0), closed(1)).continuity(-1).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(false));
        add(row("sigmoid", "1 / (1 + e^-x)", Sigmoids::sigmoid)
                .range(open(0), open(1)).continuity(SMOOTH).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(false));
        add(row("tanh", "(e^x - e^-x) / (e^x + e^-x)", Sigmoids::tanh)
                .range(open(-1), open(1)).continuity(SMOOTH).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(true));
        add(row("arctan", "tan^-1(x)", Sigmoids::arctan)
                .range(open(-Math.PI / 2), open(Math.PI / 2)).continuity(SMOOTH).monotonic(true)
                .monotonicDerivative(false).identityNearOrigin(true));
        add(row("arsinh", "ln(x + sqrt(x^2 + 1))", Sigmoids::arsinh)
                .range(open(-INF), open(INF)).continuity(SMOOTH).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(true));
        add(row("softsign", "x / (1 + |x|)", Sigmoids::softsign)
                .range(open(-1), open(1)).continuity(1).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(true));
        add(row("isru", "x / sqrt(1 + x^2)", x -> Sigmoids.isru(x, ISR_ALPHA))
                .range(open(-1), open(1)).continuity(SMOOTH).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(true));
        // The table says C^0, but f' = (1 + x^2)^-3/2 -> 1 and f'' -> 0 from the left: C^2 (f''' jumps from -3 to 0).
        // Its formula 1 - alpha x^2 is a transcription slip for 1 + alpha x^2 (the range needs the plus).
        add(row("isrlu", "x / sqrt(1 + x^2) for x < 0, else x", x -> Rectifiers.isrlu(x, ISR_ALPHA))
                .range(open(-1), open(INF)).continuity(2).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(true));
        // The table says (-1, 1) and C^0: the ends are reached for |x| >= 2, and f' = 1 - |x|/2 is continuous.
        add(row("sqnl", "1 for x > 2, x - x^2/4 on [0, 2], x + x^2/4 on [-2, 0), -1 below", Sigmoids::sqnl)
                .range(closed(-1), closed(1)).continuity(1).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(true));
    }

    /** The lecture's piecewise rows, ReLU to APL. */
    private static void rectifiers() {
        add(row("relu", "x for x > 0, else 0", Rectifiers::relu)
                .range(closed(0), open(INF)).continuity(0).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
        // One column at a time: ReLU on even indices is increasing with increasing derivative, -ReLU(-x) on odd
        // indices is increasing with decreasing derivative; both monotonic.
        add(row("brelu", "relu(x_i) for even i, -relu(-x_i) for odd i (last axis)", Rectifiers::brelu)
                .range(open(-INF), open(INF)).continuity(0).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
        add(row("leaky_relu", "x for x > 0, else 0.01 x", Rectifiers::leakyRelu)
                .range(open(-INF), open(INF)).continuity(0).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
        add(row("prelu", "x for x > 0, else 0.25 x", x -> Rectifiers.prelu(x, scalar(x, PRELU_ALPHA)))
                .range(open(-INF), open(INF)).continuity(0).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
        add(row("rrelu", "x for x > 0, else a x; a ~ U[1/8, 1/3) training, a = 11/48 evaluation (shown)",
                x -> Rectifiers.rrelu(x, RRELU_LOWER, RRELU_UPPER, scalar(x, 0.0), 0L))
                .range(open(-INF), open(INF)).continuity(0).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
        add(row("elu", "x for x > 0, else e^x - 1", x -> Rectifiers.elu(x, ELU_ALPHA))
                .range(open(-1), open(INF)).continuity(1).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(true));
        // f' rises to lambda alpha = 1.758 below 0, then drops to lambda = 1.051: not monotonic.
        add(row("selu", "1.0507 (x for x > 0, else 1.67326 (e^x - 1))", Rectifiers::selu)
                .range(open(-Rectifiers.SELU_LAMBDA * Rectifiers.SELU_ALPHA), open(INF)).continuity(0)
                .monotonic(true).monotonicDerivative(false).identityNearOrigin(false));
        // The table's "No" for monotonic and identity holds for arbitrary parameters; at these (positive slopes,
        // t1 < 0 < t2) SReLU is increasing and the identity on (-1, 1).
        add(row("srelu", "-1 + 0.1 (x + 1) for x <= -1, x on (-1, 1), 1 + 0.1 (x - 1) for x >= 1",
                x -> Rectifiers.srelu(x, scalar(x, SRELU.get(0)), scalar(x, SRELU.get(1)), scalar(x, SRELU.get(2)),
                        scalar(x, SRELU.get(3))))
                .range(open(-INF), open(INF)).continuity(0).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(true));
        add(row("apl", "max(0, x) + 0.5 max(0, 1 - x) - max(0, -1 - x)", ActivationCatalog::apl)
                .range(open(-INF), open(INF)).continuity(0).monotonic(false).monotonicDerivative(false)
                .identityNearOrigin(false));
    }

    /** The lecture's smooth rows from softplus on, then GELU, Mish, the hard units and softmax. */
    private static void smooth() {
        add(row("softplus", "ln(1 + e^x)", SmoothUnits::softplus)
                .range(open(0), open(INF)).continuity(SMOOTH).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
        add(row("bent_identity", "(sqrt(x^2 + 1) - 1) / 2 + x", SmoothUnits::bentIdentity)
                .range(open(-INF), open(INF)).continuity(SMOOTH).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(true));
        // The table's range [-inf, inf) is wrong: the minimum is -W(1/e) at x = -1 - W(1/e). Near 0, silu(x) ~ x/2:
        // it approximates identity/2, not the identity.
        add(row("silu", "x / (1 + e^-x)", SmoothUnits::silu)
                .range(closed(-0.2784645427610738), open(INF)).continuity(SMOOTH).monotonic(false)
                .monotonicDerivative(false).identityNearOrigin(false));
        // At alpha = 0.5 the range is (alpha - 1/alpha, inf) = (-1.5, inf); the table's (-inf, inf) holds for alpha <= 0,
        // and f(0) = alpha, so no identity near 0 (the table: only for alpha = 0).
        add(row("soft_exponential", "(e^(0.5 x) - 1) / 0.5 + 0.5",
                x -> SmoothUnits.softExponential(x, scalar(x, SOFT_EXPONENTIAL_ALPHA)))
                .range(open(SOFT_EXPONENTIAL_ALPHA - 1 / SOFT_EXPONENTIAL_ALPHA), open(INF)).continuity(SMOOTH)
                .monotonic(true).monotonicDerivative(true).identityNearOrigin(false));
        add(row("soft_clipping", "ln((1 + e^x) / (1 + e^(x - 1)))", x -> Sigmoids.softClipping(x, SOFT_CLIPPING_ALPHA))
                .range(open(0), open(1)).continuity(SMOOTH).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(false));
        add(row("sinusoid", "sin(x)", Waves::sinusoid)
                .range(closed(-1), closed(1)).continuity(SMOOTH).monotonic(false).monotonicDerivative(false)
                .identityNearOrigin(true));
        // The table's [-inf, 1] is wrong: the minimum is at the first root of tan x = x, x = 4.4934.
        add(row("sinc", "1 for x = 0, else sin(x) / x", Waves::sinc)
                .range(closed(-0.21723362821122166), closed(1)).continuity(SMOOTH).monotonic(false)
                .monotonicDerivative(false).identityNearOrigin(false));
        add(row("gaussian", "e^(-x^2)", Waves::gaussian)
                .range(open(0), closed(1)).continuity(SMOOTH).monotonic(false).monotonicDerivative(false)
                .identityNearOrigin(false));
        add(row("gelu", "x (1 + erf(x / sqrt 2)) / 2", SmoothUnits::gelu)
                .range(closed(-0.16997120747990366), open(INF)).continuity(SMOOTH).monotonic(false)
                .monotonicDerivative(false).identityNearOrigin(false));
        add(row("gelu_tanh", "x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2", SmoothUnits::geluTanh)
                .range(closed(-0.17004075057125405), open(INF)).continuity(SMOOTH).monotonic(false)
                .monotonicDerivative(false).identityNearOrigin(false));
        add(row("mish", "x tanh(ln(1 + e^x))", SmoothUnits::mish)
                .range(closed(-0.30884341301725041), open(INF)).continuity(SMOOTH).monotonic(false)
                .monotonicDerivative(false).identityNearOrigin(false));
        add(row("hard_sigmoid", "relu6(x + 3) / 6", Sigmoids::hardSigmoid)
                .range(closed(0), closed(1)).continuity(0).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(false));
        add(row("hard_swish", "x relu6(x + 3) / 6", SmoothUnits::hardSwish)
                .range(closed(-0.375), open(INF)).continuity(0).monotonic(false).monotonicDerivative(false)
                .identityNearOrigin(false));
        // As a function of its own entry, the others fixed: e^x_i / sum_j e^x_j, last axis.
        add(row("softmax", "e^x_i / sum_j e^x_j (last axis)", x -> Sigmoids.softmax(x, -1))
                .range(open(0), open(1)).continuity(SMOOTH).monotonic(true).monotonicDerivative(false)
                .identityNearOrigin(false));
        // d/dx_i = 1 - softmax_i, which decreases as x_i grows: a monotonic derivative.
        add(row("log_softmax", "x_i - ln sum_j e^x_j (last axis)", x -> Sigmoids.logSoftmax(x, -1))
                .range(open(-INF), open(0)).continuity(SMOOTH).monotonic(true).monotonicDerivative(true)
                .identityNearOrigin(false));
    }

    /**
     * Lists every activation in the catalog with its properties.
     *
     * @return every activation, in the lecture's order with the newer ones after
     */
    public static List<ActivationInfo> all() {
        return List.copyOf(ROWS.values());
    }

    /**
     * One activation by name.
     *
     * @param name its snake_case name, such as {@code leaky_relu}
     * @return its row
     * @throws NablaException if there is no activation of that name
     */
    public static ActivationInfo get(String name) {
        ActivationInfo row = ROWS.get(name);
        if (row == null) {
            throw new NablaException("ActivationCatalog.get: no activation named \"" + name + "\"; known: " + ROWS.keySet());
        }
        return row;
    }

    private static void add(CatalogRow row) {
        ActivationInfo info = row.info();
        ROWS.put(info.name(), info);
    }

    private static Node scalar(Node x, double v) {
        return x.graph().scalar(v);
    }

    private static Node apl(Node x) {
        double[] a = APL_A.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = APL_B.stream().mapToDouble(Double::doubleValue).toArray();
        return Rectifiers.apl(x, x.graph().constant(Tensor.fromArray(a, a.length)),
                x.graph().constant(Tensor.fromArray(b, b.length)));
    }
}
