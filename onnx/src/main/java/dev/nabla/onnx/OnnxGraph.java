// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.nabla.graph.DType;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ONNX graph being written: unique value names, nodes in order, initializers, and the typed
 * inputs and outputs, all in the model's one element type. The only class that builds
 * {@code OnnxMl} messages, so swapping their source touches this file alone.
 */
final class OnnxGraph {
    /** The symbolic name of Nabla's unknown (batch) size in the exported inputs. */
    static final String BATCH = "batch";
    /** ONNX's IR version for opsets up to 21 (ONNX 1.16). */
    static final long IR_VERSION = 10;

    private final DType dtype;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int temporaries;

    OnnxGraph(DType dtype, String name) {
        this.dtype = dtype;
        graph.setName(name);
    }

    /** The element type of every float value in the model. */
    DType dtype() {
        return dtype;
    }

    /** Claims a value name; a name taken already gets a numbered suffix, so names stay unique. */
    String claim(String wanted) {
        String name = wanted;
        for (int i = 1; !names.add(name); i++) {
            name = wanted + "_" + i;
        }
        return name;
    }

    /** Adds a node computing {@code output}. */
    void node(String opType, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).addAllInput(inputs).addOutput(output)
                .setName(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** Adds a node computing a fresh temporary value and returns its name. */
    String op(String opType, List<String> inputs, AttributeProto... attributes) {
        String out = claim("t" + temporaries++);
        node(opType, inputs, out, attributes);
        return out;
    }

    /** Adds an initializer holding {@code value} in the model's element type, named {@code name} as claimed. */
    String initializer(String name, Tensor value) {
        String claimed = claim(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(claimed);
        for (int d : value.shape().dims()) {
            t.addDims(d);
        }
        double[] v = value.toArray();
        ByteBuffer raw;
        if (dtype == DType.FLOAT32) {
            t.setDataType(TensorProto.DataType.FLOAT_VALUE);
            raw = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double x : v) {
                raw.putFloat((float) x);
            }
        } else {
            t.setDataType(TensorProto.DataType.DOUBLE_VALUE);
            raw = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double x : v) {
                raw.putDouble(x);
            }
        }
        graph.addInitializer(t.setRawData(ByteString.copyFrom(raw.array())));
        return claimed;
    }

    /** A scalar of the model's element type. */
    String scalar(double value) {
        return initializer("c", Tensor.scalar(value));
    }

    /** A 1-D int64 initializer, as shapes, axes and pads are given to ONNX ops. */
    String ints(long... values) {
        return int64(new long[] {values.length}, values);
    }

    /** A 0-D int64 initializer. */
    String intScalar(long value) {
        return int64(new long[0], new long[] {value});
    }

    /** A 1-D bool initializer. */
    String bools(boolean... values) {
        String claimed = claim("c");
        TensorProto.Builder t = TensorProto.newBuilder().setName(claimed).setDataType(TensorProto.DataType.BOOL_VALUE)
                .addDims(values.length);
        for (boolean b : values) {
            t.addInt32Data(b ? 1 : 0);
        }
        graph.addInitializer(t);
        return claimed;
    }

    private String int64(long[] dims, long[] values) {
        String claimed = claim("c");
        TensorProto.Builder t = TensorProto.newBuilder().setName(claimed).setDataType(TensorProto.DataType.INT64_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return claimed;
    }

    /** Declares a graph input of the model's element type; unknown sizes become the symbol {@code batch}. */
    void input(String name, Shape shape) {
        graph.addInput(valueInfo(name, shape, BATCH));
    }

    /** Declares a graph output; unknown sizes are left unnamed, since a reshape may have moved the batch. */
    void output(String name, Shape shape) {
        graph.addOutput(valueInfo(name, shape, null));
    }

    private ValueInfoProto valueInfo(String name, Shape shape, String unknown) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : shape.dims()) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d != Shape.UNKNOWN) {
                dim.setDimValue(d);
            } else if (unknown != null) {
                dim.setDimParam(unknown);
            }
            s.addDim(dim);
        }
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(elementType()).setShape(s);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    /** The ONNX element type code of the model's floats, as Cast's {@code to} takes it. */
    int elementType() {
        return dtype == DType.FLOAT32 ? TensorProto.DataType.FLOAT_VALUE : TensorProto.DataType.DOUBLE_VALUE;
    }

    /** The model: this graph under IR 10 and the default domain's opset. */
    ModelProto model(int opset) {
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("nabla").setProducerVersion("0.1.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    /** An integer attribute. */
    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A string attribute. */
    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** An integer list attribute. */
    static AttributeProto attrs(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
