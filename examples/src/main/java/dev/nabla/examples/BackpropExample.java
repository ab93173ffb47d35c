// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Formula;
import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The lecture's worked backpropagation example: x = 1, w1 = 0.5, w2 = -1, y = 1, a sigmoid
 * hidden unit, loss 1/2 (yhat - y)^2. Forward values, loss and both gradients from
 * {@code Grad.grad}, the gradients as formulas, and the same numbers by the chain rule written
 * out by hand, so the two can be compared.
 */
final class BackpropExample implements Example {
    @Override
    public String name() {
        return "backprop";
    }

    @Override
    public String summary() {
        return "the lecture's worked example: forward values, loss, dL/dw1 and dL/dw2, by autodiff and by hand";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        LectureNetwork net = LectureNetwork.build();
        Graph g = net.graph();
        Node x = net.x();
        Node y = net.y();
        Node z1 = net.z1();
        Node yhat = net.yhat();
        Node loss = net.loss();
        Node dw2 = Grad.grad(loss, net.w2());
        Node dw1 = Grad.grad(loss, net.w1());
        ParamStore store = new ParamStore().put("w1", Tensor.scalar(0.5)).put("w2", Tensor.scalar(-1.0));
        List<Tensor> v = new Session(store).run(Map.of(x, Tensor.scalar(1.0), y, Tensor.scalar(1.0)),
                z1, yhat, loss, dw2, dw1);

        PrintStream out = run.report();
        out.println("Forward, from the graph:");
        out.printf("  z1 = sigmoid(x w1) = %.4f%n  yhat = z1 w2 = %.4f%n  L = 1/2 (yhat - y)^2 = %.4f%n",
                v.get(0).item(), v.get(1).item(), v.get(2).item());
        out.println("Backward, from Grad.grad (the gradient is a graph; printed as formulas):");
        out.printf("  %s = %.4f%n", Formula.derivative("L", "w2", dw2), v.get(3).item());
        out.printf("  %s = %.4f%n", Formula.derivative("L", "w1", dw1), v.get(4).item());

        // The chain rule written out, as on the slides: each factor a plain double.
        double xv = 1.0;
        double yv = 1.0;
        double a = 0.5 * xv;
        double s = 1 / (1 + Math.exp(-a));
        double yh = s * -1.0;
        double l = 0.5 * (yh - yv) * (yh - yv);
        double dLdyhat = yh - yv;
        double dLdw2 = dLdyhat * s;
        double dLdw1 = dLdyhat * -1.0 * s * (1 - s) * xv;
        out.println("The chain rule by hand: dL/dw2 = dL/dyhat * dyhat/dw2, dL/dw1 = dL/dyhat * dyhat/dz1 * dz1/da * da/dw1:");
        out.printf("  z1 = %.4f, yhat = %.4f, L = %.4f, dL/dw2 = %.4f, dL/dw1 = %.4f%n", s, yh, l, dLdw2, dLdw1);
        double worst = Math.max(Math.max(Math.abs(l - v.get(2).item()), Math.abs(dLdw2 - v.get(3).item())),
                Math.abs(dLdw1 - v.get(4).item()));
        out.printf("  largest difference between autodiff and the hand computation: %.1e%n", worst);
        double rounded = Math.round(s * 1000) / 1000.0;
        double lr = 0.5 * (-rounded - yv) * (-rounded - yv);
        double sig = Math.round(rounded * (1 - rounded) * 1000) / 1000.0;
        out.printf("  with z1 rounded to %.3f first, as on the slides: L = %.3f, dL/dw2 = %.3f, dL/dw1 = %.3f%n",
                rounded, lr, (-rounded - yv) * rounded, (-rounded - yv) * -1.0 * sig * xv);
        Files.writeString(run.file("backprop-gradient.dot"), g.toDot(dw1, dw2));
        out.println("  gradient graph written as DOT: " + run.file("backprop-gradient.dot"));
    }
}
