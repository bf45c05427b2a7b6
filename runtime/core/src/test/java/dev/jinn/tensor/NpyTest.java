package dev.jinn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files as numpy 2.4 writes them (np.save), byte for byte, and the ways a file can lie. */
class NpyTest {
    /** np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)). */
    private static final byte[] F32_2X3 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            "000000000000803f0000004000004040000080400000a040");

    /** The 10-byte v1.0 preamble, the header padded with spaces to 128 bytes in all, '\n', then the data. */
    private static byte[] npy(String dict, String dataHex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex("934e554d505901007600"));
        out.writeBytes((dict + " ".repeat(117 - dict.length()) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(HexFormat.of().parseHex(dataHex));
        return out.toByteArray();
    }

    @Test
    void readsWhatNumpyWrites() {
        Tensor t = Npy.read(F32_2X3, "a.npy");
        assertEquals(DataType.FLOAT, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.floats());
    }

    @Test
    void writesWhatNumpyWrites() {
        assertArrayEquals(F32_2X3, Npy.toBytes(Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3)));
        // np.save(f, np.array(True)) and np.array([1.5, -0.25], dtype='<f2')
        assertArrayEquals(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", "01"),
                Npy.toBytes(Tensor.of(new boolean[] {true})));
        assertArrayEquals(npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", "003e00b4"),
                Npy.toBytes(Tensor.wrap(DataType.FLOAT16, new int[] {2},
                        new short[] {Float.floatToFloat16(1.5f), Float.floatToFloat16(-0.25f)})));
    }

    @Test
    void readsBigEndian() {
        // np.array([1, -2, 300], dtype='>i2')
        Tensor t = Npy.read(npy("{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }", "0001fffe012c"), "be.npy");
        assertEquals(DataType.INT16, t.dtype());
        assertArrayEquals(new short[] {1, -2, 300}, t.shorts());
        Tensor d = Npy.read(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", "3ff8000000000000"), "be.npy");
        assertArrayEquals(new double[] {1.5}, d.doubles());
    }

    @Test
    void readsVersion2Headers() {
        // Version 2.0 counts the header in 4 bytes; 12 + 116 keeps the data 64-byte aligned.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex("934e554d5059020074000000"));
        out.writeBytes((dict + " ".repeat(115 - dict.length()) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(HexFormat.of().parseHex("000000000000803f0000004000004040000080400000a040"));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, Npy.read(out.toByteArray(), "v2.npy").floats());
    }

    @Test
    void roundTripsEveryDtype() {
        Tensor[] all = {
            Tensor.of(new float[] {1.5f, Float.NaN, -0f, Float.MAX_VALUE}, 2, 2),
            Tensor.of(new double[] {Math.PI, -1e300}, 2),
            Tensor.of(new long[] {Long.MIN_VALUE, 7}, 2, 1),
            Tensor.of(new int[] {Integer.MIN_VALUE, 0, 5}, 3),
            Tensor.of(new boolean[] {true, false, true}, 3),
            Tensor.wrap(DataType.INT8, new int[] {2}, new byte[] {-128, 127}),
            Tensor.wrap(DataType.UINT8, new int[] {2}, new byte[] {(byte) 255, 1}),
            Tensor.wrap(DataType.INT16, new int[] {1}, new short[] {-3}),
            Tensor.wrap(DataType.UINT16, new int[] {1}, new short[] {(short) 65535}),
            Tensor.wrap(DataType.UINT32, new int[] {1}, new int[] {-1}),
            Tensor.wrap(DataType.UINT64, new int[] {1}, new long[] {-1}),
            Tensor.wrap(DataType.FLOAT16, new int[] {0, 3}, new short[0]),
            Tensor.wrap(DataType.COMPLEX64, new int[] {1}, new float[] {1, -1}),
        };
        for (Tensor t : all) {
            Tensor back = Npy.read(Npy.toBytes(t), "rt.npy");
            assertEquals(t.dtype(), back.dtype(), t.toString());
            assertArrayEquals(t.shape(), back.shape(), t.toString());
            byte[] a = Npy.toBytes(t);
            assertEquals(0, (a.length - t.byteSize()) % 64, "data must start 64-byte aligned: " + t);
            assertArrayEquals(a, Npy.toBytes(back), t.toString());
        }
    }

    @Test
    void readsAndWritesFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        Npy.write(Tensor.of(new long[] {3, 1, 4}, 3), f);
        assertArrayEquals(new long[] {3, 1, 4}, Npy.read(f).longs());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(dir.resolve("none.npy")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        Files.writeString(dir.resolve("text.npy"), "hello");
        e = assertThrows(InvalidInputException.class, () -> Npy.read(dir.resolve("text.npy")));
        assertTrue(e.getMessage().contains("not an .npy file"), e.getMessage());
    }

    @Test
    void rejectsFortranOrder() {
        byte[] f = npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                "000000000000803f0000004000004040000080400000a040");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(f, "f.npy"));
        assertTrue(e.getMessage().contains("fortran_order"), e.getMessage());
    }

    @Test
    void rejectsUnknownDtypes() {
        for (String descr : new String[] {"<U5", "|O", "<f3", "|f4", "=f4", "<V8"}) {
            byte[] f = npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }", "00000000");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(f, "u.npy"), descr);
            assertTrue(e.getMessage().contains("npy 'u.npy': dtype '" + descr + "' is not supported"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(Tensor.of(new String[] {"a"}, 1)));
    }

    @Test
    void checksTheShapeAgainstTheBytesBeforeAllocating() {
        // A header that claims 2^64 floats must fail on the count, not on an allocation.
        byte[] huge = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 2147483648, 4), }", "00000000");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(huge, "h.npy"));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        byte[] big = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000), }", "00000000");
        e = assertThrows(InvalidInputException.class, () -> Npy.read(big, "b.npy"));
        assertTrue(e.getMessage().contains("needs 4000000000 data bytes, the file holds 4"), e.getMessage());
        byte[] shortData = java.util.Arrays.copyOf(F32_2X3, F32_2X3.length - 1);
        assertThrows(InvalidInputException.class, () -> Npy.read(shortData, "s.npy"));
    }

    @Test
    void rejectsBadHeaders() {
        byte[] lying = F32_2X3.clone();
        lying[8] = (byte) 0xFF;
        lying[9] = (byte) 0xFF;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(lying, "l.npy"));
        assertTrue(e.getMessage().contains("header claims 65535 bytes"), e.getMessage());
        for (String dict : new String[] {
            "{'descr': '<f4', 'shape': (1,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ",
            "__import__('os')",
        }) {
            assertThrows(InvalidInputException.class, () -> Npy.read(npy(dict, "00000000"), "h.npy"), dict);
        }
        byte[] v9 = F32_2X3.clone();
        v9[6] = 9;
        e = assertThrows(InvalidInputException.class, () -> Npy.read(v9, "v9.npy"));
        assertTrue(e.getMessage().contains("format version 9.0"), e.getMessage());
    }
}
