package dev.jinn.providers.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every element type crosses to ONNX Runtime and back bit for bit, or is refused with its name. */
class OrtTensorsTest {
    private static Model identity(DataType dt) {
        return ModelLoader.load(new ModelBuilder("id").input("x", dt, 2, 3).output("y", dt, 2, 3)
                .node("Identity", List.of("x"), List.of("y"), Map.of()).toBytes(), "identity.onnx");
    }

    private static Tensor sample(DataType dt) {
        Object a = Tensor.allocate(dt, 6);
        for (int i = 0; i < 6; i++) {
            switch (a) {
                case float[] f -> f[i] = i * -1.25f;
                case double[] d -> d[i] = i * 1e-300;
                case byte[] b -> b[i] = (byte) (dt == DataType.BOOL ? i % 2 : 250 - 60 * i);
                case short[] s -> s[i] = (short) (0x3c00 + 0x1111 * i);
                case int[] n -> n[i] = Integer.MIN_VALUE + i;
                case long[] l -> l[i] = Long.MAX_VALUE - i;
                case String[] s -> s[i] = "é" + i;
                default -> throw new IllegalStateException();
            }
        }
        return Tensor.wrap(dt, new int[] {2, 3}, a);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "INT8", "UINT8", "INT16", "INT32", "INT64", "BOOL",
        "FLOAT16", "BFLOAT16", "STRING"})
    void crossesBitForBit(DataType dt) {
        Tensor x = sample(dt);
        try (Session s = Session.create(identity(dt), SessionOptions.defaults().withProviders(Providers.forMode("ort")))) {
            Tensor y = s.run(Map.of("x", x)).get("y");
            assertEquals(dt, y.dtype());
            assertArrayEquals(x.shape(), y.shape());
            switch (x.array()) {
                case float[] f -> assertArrayEquals(f, y.floats());
                case double[] d -> assertArrayEquals(d, y.doubles());
                case byte[] b -> assertArrayEquals(b, y.bytes());
                case short[] sh -> assertArrayEquals(sh, y.shorts());
                case int[] n -> assertArrayEquals(n, y.ints());
                case long[] l -> assertArrayEquals(l, y.longs());
                case String[] st -> assertArrayEquals(st, y.strings());
                default -> throw new IllegalStateException();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT16", "UINT32", "UINT64"})
    void typesTheJavaApiLacksAreNamed(DataType dt) {
        try (Session s = Session.create(identity(dt), SessionOptions.defaults().withProviders(Providers.forMode("ort")))) {
            ProviderFailedException e = assertThrows(ProviderFailedException.class, () -> s.run(Map.of("x", sample(dt))));
            assertTrue(e.getMessage().contains("input 'x': ONNX Runtime's Java API cannot take " + dt + " tensors"), e.getMessage());
        }
    }
}
