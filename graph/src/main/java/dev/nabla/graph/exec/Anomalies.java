// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.AnomalyException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.storage.Buffers;

/** The checks of anomaly-detection mode: is a value finite, and if not, a report that says where. */
public final class Anomalies {
    private Anomalies() {}

    /** Throws if the value a node computed holds a NaN or an infinity. */
    public static void check(Node n, Tensor[] in, Tensor out) {
        if (!allFinite(out)) {
            throw report(n, in, out);
        }
    }

    private static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(Buffers.at(t, i))) {
                return false;
            }
        }
        return true;
    }

    /** Throws if the value bound to a feed or param holds a NaN or an infinity. */
    public static void checkLeaf(Node n, Tensor value) {
        if (!allFinite(value)) {
            String source = n.op() instanceof Leaf.Input ? "the value fed to input " : "the store's value of param ";
            throw new AnomalyException(n, "anomaly detection: " + source + n.label() + " " + value.shape()
                    + " holds " + Stats.of(value).nonFiniteSummary());
        }
    }

    private static AnomalyException report(Node n, Tensor[] in, Tensor out) {
        StringBuilder b = new StringBuilder("anomaly detection: ")
                .append(n.describe().strip()).append(" computed ").append(Stats.of(out).nonFiniteSummary())
                .append(" in its output ").append(out.shape())
                .append("\n  built at ").append(n.callSite());
        for (int i = 0; i < in.length; i++) {
            b.append("\n  input ").append(i).append(": ").append(n.input(i).label()).append(' ')
                    .append(in[i].shape()).append(' ').append(Stats.of(in[i]));
        }
        for (Node o = n.origin().orElse(null); o != null; o = o.origin().orElse(null)) {
            b.append("\n  in the gradient of ").append(o.describe().strip()).append(", built at ").append(o.callSite());
        }
        return new AnomalyException(n, b.toString());
    }

    /** Min and max of the finite values, and counts of the others. */
    private record Stats(double min, double max, int nan, int posInf, int negInf, int firstBad) {
        static Stats of(Tensor t) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int nan = 0;
            int pos = 0;
            int neg = 0;
            int first = -1;
            for (int i = 0; i < t.size(); i++) {
                double v = Buffers.at(t, i);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    continue;
                }
                first = first < 0 ? i : first;
                if (Double.isNaN(v)) {
                    nan++;
                } else if (v > 0) {
                    pos++;
                } else {
                    neg++;
                }
            }
            return new Stats(min, max, nan, pos, neg, first);
        }

        String nonFiniteSummary() {
            StringBuilder b = new StringBuilder();
            b.append(nan + posInf + negInf).append(" non-finite value(s): ");
            String sep = "";
            if (nan > 0) {
                b.append(nan).append(" NaN");
                sep = ", ";
            }
            if (posInf > 0) {
                b.append(sep).append(posInf).append(" +Infinity");
                sep = ", ";
            }
            if (negInf > 0) {
                b.append(sep).append(negInf).append(" -Infinity");
            }
            return b.append("; the first at flat index ").append(firstBad).toString();
        }

        @Override
        public String toString() {
            int bad = nan + posInf + negInf;
            String range = min <= max ? "min=" + min + " max=" + max : "no finite values";
            return range + " non-finite=" + bad;
        }
    }
}
