package dev.jinn.ops.linalg;

import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times, through Session at 1 thread, the weight MatMuls of a 6-layer all-MiniLM-L6-v2 encoder at
 * 128 tokens (per layer: Q, K, V, output 384x384, then 384x1536 and 1536x384): the share of the
 * model that this kernel carries. Not a test: run its main by hand.
 */
public final class EncoderMatMulBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Random rnd = new Random(1);
        ModelBuilder mb = new ModelBuilder("encoder-matmuls").input("X", DataType.FLOAT, 1, 128, 384);
        String cur = "X";
        int v = 0;
        List<int[]> shapes = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            for (int i = 0; i < 4; i++) shapes.add(new int[] {384, 384});
            shapes.add(new int[] {384, 1536});
            shapes.add(new int[] {1536, 384});
        }
        for (int[] s : shapes) {
            float[] w = new float[s[0] * s[1]];
            for (int i = 0; i < w.length; i++) w[i] = (rnd.nextFloat() - 0.5f) * 0.1f;
            String wn = "W" + v, out = "Y" + v++;
            mb.initializer(wn, Tensor.of(w, s)).node("MatMul", List.of(cur, wn), List.of(out), Map.of());
            cur = out;
        }
        mb.output(cur, DataType.FLOAT, 1, 128, 384);
        float[] x = new float[128 * 384];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.5f;
        double flops = 0;
        for (int[] s : shapes) flops += 2.0 * 128 * s[0] * s[1];
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "enc.onnx"), SessionOptions.defaults().withThreads(threads))) {
            Map<String, Tensor> feed = Map.of("X", Tensor.of(x, 1, 128, 384));
            // On a shared machine, wall time includes time preempted; at 1 thread the run's own CPU time does not.
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
            for (int rep = 0; rep < 60; rep++) {
                long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                s.run(feed);
                best = Math.min(best, System.nanoTime() - t0);
                bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
            }
            System.out.printf("%d encoder MatMuls (%.2f GFLOP), %d thread(s): best wall %.2f ms (%.1f GFLOP/s)%s%n",
                    shapes.size(), flops / 1e9, threads, best / 1e6, flops / best,
                    threads == 1 ? String.format(", best CPU %.2f ms (%.1f GFLOP/s)", bestCpu / 1e6, flops / bestCpu) : "");
        }
    }
}
