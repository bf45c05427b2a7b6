package dev.jinn.conformance;

import java.nio.file.Path;
import java.util.List;

/**
 * One case of ONNX's backend test data: a model and the data sets to run it on. Light models have no
 * input files; their input is generated ({@link #generatedInputs()}) as ONNX's runner does, and their
 * tolerances come from the case's data.json.
 */
public record ConformanceCase(String name, Path model, List<DataSet> dataSets, boolean generatedInputs,
                              double rtol, double atol) {
    /** ONNX's backend runner compares with these unless a case says otherwise. */
    public static final double DEFAULT_RTOL = 1e-3;
    public static final double DEFAULT_ATOL = 1e-7;

    /** One test_data_set_N: input_K.pb files in graph-input order, output_K.pb in graph-output order. */
    public record DataSet(String name, List<Path> inputs, List<Path> outputs) {
        public DataSet {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    public ConformanceCase {
        dataSets = List.copyOf(dataSets);
    }
}
