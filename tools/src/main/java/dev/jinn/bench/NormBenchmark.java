package dev.jinn.bench;

import ai.onnxruntime.OrtException;
import dev.jinn.tensor.DataType;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the normalization operators in Jinn and in ONNX Runtime, same one-node model, same inputs
 * (already in place), same intra-op thread count. Run with
 * {@code java -cp "tools/target/lib/*:tools/target/jinn-tools-0.1.0-SNAPSHOT.jar" org.openjdk.jmh.Main NormBenchmark}.
 * The fork asks for transparent huge pages, as {@code tools/jinn} does where Linux offers them (the
 * JVM warns and goes on without where it does not).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NormBenchmark {
    /** Operator and shape of X. */
    @Param({
        "LayerNormalization:1x128x768", "LayerNormalization:8x512x768", "LayerNormalization:32x128x1024",
        "LayerNormalization:4x1024x4096", "RMSNormalization:8x512x768", "RMSNormalization:4x1024x4096",
        "BatchNormalization:8x64x56x56", "BatchNormalization:32x256x14x14", "InstanceNormalization:8x64x56x56",
        "GroupNormalization:8x64x56x56"})
    public String opShape;

    @Param({"1", "2"})
    public int threads;

    private OpBench bench;

    @Setup
    public void setup() throws OrtException {
        String[] p = opShape.split(":");
        int[] shape = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        bench = OpBench.create(p[0], Map.of(), shape, DataType.FLOAT, threads);
        bench.withOrt();
    }

    @TearDown
    public void tearDown() throws OrtException {
        bench.close();
    }

    @Benchmark
    public void jinn() {
        bench.runJinn();
    }

    @Benchmark
    public void ort() throws OrtException {
        bench.runOrt();
    }
}
