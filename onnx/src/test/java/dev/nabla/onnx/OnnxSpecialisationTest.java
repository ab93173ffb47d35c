// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static dev.nabla.graph.Shape.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixed inputs: folded into constants, deciding the wheres they control, and gone from the model's inputs. */
class OnnxSpecialisationTest {
    @TempDir
    Path dir;

    private static OnnxMl.GraphProto read(Path file) throws Exception {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph();
    }

    @Test
    void aFixedInputBecomesAConstantAndNamesStayNabla() throws Exception {
        Fixture f = new Fixture(DType.FLOAT64);
        Node x = f.input("x", -2, 2, UNKNOWN, 3);
        Node temperature = f.g.input("temperature");
        Node y = x.div(temperature).add(f.param("dense/b", 3)).named("scores");
        OnnxOptions options = OnnxOptions.defaults().fix(temperature, Tensor.scalar(2.5));
        double worst = OrtAgreement.maxRelative(List.of(y), f.store, options, dir, f::feeds, options.fixed());
        assertTrue(worst <= OrtAgreement.FLOAT64, "max relative " + worst);
        OnnxMl.GraphProto g = read(dir.resolve("model.onnx"));
        assertEquals(List.of("x"), g.getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertEquals("batch", g.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(List.of("scores"), g.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertTrue(g.getInitializerList().stream().anyMatch(t -> t.getName().equals("dense/b")));
    }

    /** All-zero picks the false branch, all-nonzero the true one, a mix keeps the where on a constant condition. */
    @Test
    void aWhereOnAFixedConditionIsDecided() throws Exception {
        for (double[] mask : new double[][] {{0, 0, -0.0}, {1, Double.NaN, -3}, {0, 1, 0}}) {
            Fixture f = new Fixture(DType.FLOAT64);
            Node x = f.input("x", -2, 2, UNKNOWN, 3);
            Node m = f.g.input("mask", 3);
            Node y = Ops.where(m, x.exp(), x.neg());
            OnnxOptions options = OnnxOptions.defaults().fix(m, Tensor.fromArray(mask, 3));
            double worst = OrtAgreement.maxRelative(List.of(y), f.store, options, dir, f::feeds, options.fixed());
            assertTrue(worst <= OrtAgreement.FLOAT64, "max relative " + worst);
            List<String> ops = read(dir.resolve("model.onnx")).getNodeList().stream().map(OnnxMl.NodeProto::getOpType)
                    .collect(Collectors.toList());
            boolean mixed = mask[0] == 0 && mask[1] == 1;
            assertEquals(mixed, ops.contains("Where"), ops.toString());
            assertEquals(mixed || mask[0] != 0, ops.contains("Exp"), ops.toString());
            assertEquals(mixed || mask[0] == 0, ops.contains("Neg"), ops.toString());
        }
    }

    @Test
    void theInputsTheFetchNoLongerNeedsAreNotModelInputs() throws Exception {
        Fixture f = new Fixture(DType.FLOAT64);
        Node x = f.input("x", -2, 2, UNKNOWN, 3);
        Node unused = f.g.input("features", UNKNOWN, 3);
        Node flag = f.g.input("flag");
        Node y = Ops.where(flag, unused.mul(2.0), x.tanh());
        Onnx.export(y, f.store, dir.resolve("m.onnx"), OnnxOptions.defaults().fix(flag, Tensor.scalar(0)));
        assertEquals(List.of("x"), read(dir.resolve("m.onnx")).getInputList().stream()
                .map(OnnxMl.ValueInfoProto::getName).toList());
    }
}
