package dev.jinn.tools;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.models.SampleModels;
import dev.jinn.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs the bundled LayerNormalization model on a fixed input and checks the result against a
 * double-precision reference computed here, from the model's own scale, bias and epsilon.
 */
@Command(name = "demo", description = {
    "Run the bundled LayerNormalization model and check its result.",
    "Runs layernorm-demo.onnx on a fixed input, shows the result and its",
    "largest difference from a double-precision reference. Exit 1 if that",
    "exceeds 1e-5."})
final class DemoCommand implements Callable<Integer> {
    /** float32 LayerNormalization over 8 values of magnitude ~3 is good to a few ulps of the result. */
    static final double TOLERANCE = 1e-5;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Model model = SampleModels.load(SampleModels.LAYERNORM_DEMO);
        Node ln = model.graph().nodes().get(0);
        int[] shape = {2, 4, 8};
        Tensor x = input(shape);
        out.println("model   " + SampleModels.LAYERNORM_DEMO + " (bundled): " + model.graph().inputs().get(0)
                + " -> " + ln.opType() + "-" + model.opset("") + "(axis " + ln.attribute("axis").i() + ") -> "
                + model.graph().outputs().get(0));
        out.println("input   X: " + TensorText.describe(x, 8));
        Tensor y;
        try (Session session = Session.create(model, SessionOptions.defaults())) {
            Result r = session.run(Map.of("X", x));
            y = r.get("Y");
        }
        int n = shape[2];
        out.println("output  Y: " + TensorText.describe(y, 8));
        double[] ref = reference(x.floats(), model.graph().initializers().get("scale"),
                model.graph().initializers().get("bias"), ln.attribute("epsilon").f(), n);
        double maxDiff = 0;
        for (int i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y.floats()[i] - ref[i]));
        out.println("row 0   Jinn      " + TensorText.values(Tensor.of(java.util.Arrays.copyOf(y.floats(), n), n), 0, n));
        out.println("        reference " + TensorText.values(Tensor.of(toFloats(ref, n), n), 0, n));
        boolean ok = maxDiff <= TOLERANCE;
        out.println(String.format(Locale.ROOT, "check   max |Jinn - float64 reference| = %.3g over %d values: %s",
                maxDiff, ref.length, (ok ? "OK (<= " : "FAILED (> ") + TensorText.number(TOLERANCE) + ")"));
        out.flush();
        return ok ? 0 : Jinn.EXIT_INTERNAL;
    }

    /** Deterministic, with rows of different means and spreads, and one nearly constant row. */
    static Tensor input(int[] shape) {
        int size = shape[0] * shape[1] * shape[2];
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            int row = i / shape[2];
            x[i] = row == 3 ? 2f + 1e-3f * (i % 3) : (float) (Math.sin(0.7 * i) * (1 + row) + 0.5 * row);
        }
        return Tensor.of(x, shape);
    }

    /** LayerNormalization over the last axis in double: two-pass mean and variance. */
    static double[] reference(float[] x, Tensor scale, Tensor bias, double epsilon, int n) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / n; r++) {
            double mean = 0;
            for (int j = 0; j < n; j++) mean += x[r * n + j];
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) var += (x[r * n + j] - mean) * (x[r * n + j] - mean);
            var /= n;
            double inv = 1 / Math.sqrt(var + epsilon);
            for (int j = 0; j < n; j++) y[r * n + j] = (x[r * n + j] - mean) * inv * scale.getDouble(j) + bias.getDouble(j);
        }
        return y;
    }

    private static float[] toFloats(double[] v, int count) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) f[i] = (float) v[i];
        return f;
    }
}
