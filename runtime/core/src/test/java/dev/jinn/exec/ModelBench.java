package dev.jinn.exec;

import dev.jinn.ir.ValueInfo;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Times a BERT-style model (int64 inputs [1, tokens]: ids, mask, type ids) through Session:
 * {@code ModelBench MODEL.onnx [tokens] [threads] [runs]}. Prints the best wall time and, at 1
 * thread, the best CPU time of the run (which excludes time preempted on a shared machine). Not a test.
 */
public final class ModelBench {
    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        try (Session s = Session.create(model, SessionOptions.defaults().withThreads(threads))) {
            Map<String, Tensor> feed = new HashMap<>();
            for (ValueInfo in : s.inputs()) {
                long[] v = new long[tokens];
                for (int i = 0; i < tokens; i++) {
                    v[i] = in.name().contains("mask") ? 1 : in.name().contains("type") ? 0 : 1000 + (i * 37) % 20000;
                }
                feed.put(in.name(), Tensor.wrap(DataType.INT64, new int[] {1, tokens}, v));
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                s.run(feed);
                best = Math.min(best, System.nanoTime() - t0);
                bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
            }
            System.out.printf("%s, %d tokens, %d thread(s): best wall %.2f ms%s%n", model.getFileName(), tokens, threads,
                    best / 1e6, threads == 1 ? String.format(", best CPU %.2f ms", bestCpu / 1e6) : "");
        }
    }
}
