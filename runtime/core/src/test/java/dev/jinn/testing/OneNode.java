package dev.jinn.testing;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Domains;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.TypeProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model of one node, for op tests: inputs in0.. (null = an absent optional input), outputs
 * out0.. (null names = an output left unnamed), typed like input 0 and without a declared shape.
 */
public final class OneNode {
    private OneNode() {}

    public static byte[] model(String domain, String op, int opset, Map<String, ?> attrs, Tensor[] inputs, String[] outputs) {
        ModelBuilder b = new ModelBuilder("one_" + op).opset(Domains.ONNX, Domains.canonical(domain).isEmpty() ? opset : 17);
        if (!Domains.canonical(domain).isEmpty()) b.opset(domain, opset);
        List<String> ins = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                ins.add("");
                continue;
            }
            ins.add("in" + i);
            Object[] dims = java.util.Arrays.stream(inputs[i].shape()).boxed().toArray();
            b.input("in" + i, inputs[i].dtype(), dims);
        }
        List<String> outs = new ArrayList<>();
        for (String o : outputs) {
            outs.add(o == null ? "" : o);
            if (o != null) b.output(o, inputs[0].dtype());
        }
        b.node(domain, op, ins, outs, attrs, "n0");
        ModelProto.Builder m = b.build().toBuilder();
        // Leave the output shapes undeclared (not rank 0): the op decides them.
        for (int i = 0; i < m.getGraph().getOutputCount(); i++) {
            TypeProto.Tensor.Builder t = m.getGraphBuilder().getOutputBuilder(i).getTypeBuilder().getTensorTypeBuilder();
            t.clearShape();
        }
        return m.build().toByteArray();
    }

    /** Runs the node through a Session and returns its named outputs in order. */
    public static Tensor[] run(String domain, String op, int opset, Map<String, ?> attrs, Tensor[] inputs,
                               String[] outputs, int threads) {
        byte[] bytes = model(domain, op, opset, attrs, inputs, outputs);
        try (Session s = Session.create(ModelLoader.load(bytes, op + ".onnx"), SessionOptions.defaults().withThreads(threads))) {
            Map<String, Tensor> feed = new java.util.HashMap<>();
            for (int i = 0; i < inputs.length; i++) if (inputs[i] != null) feed.put("in" + i, inputs[i]);
            Result r = s.run(feed);
            List<Tensor> out = new ArrayList<>();
            for (String o : outputs) if (o != null) out.add(r.get(o));
            return out.toArray(new Tensor[0]);
        }
    }

    public static Tensor[] run(String op, int opset, Map<String, ?> attrs, Tensor... inputs) {
        return run(Domains.ONNX, op, opset, attrs, inputs, new String[] {"out0"}, 1);
    }

    /** Random float32 values, N(mean, std). */
    public static Tensor gaussian(long seed, double mean, double std, int... shape) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[dev.jinn.tensor.Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (mean + std * r.nextGaussian());
        return Tensor.wrap(DataType.FLOAT, shape, v);
    }
}
