package dev.jinn.providers.ort;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.ProviderUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * What Jinn makes of ONNX Runtime's messages when CUDA cannot start. The machines that run these
 * tests have no GPU, so the messages are written after the ones ORT 1.2x gives (its provider bridge
 * failing to load a library, CUDA_CALL failures with CUDA's own error strings).
 */
class CudaErrorsTest {
    @Test
    void namesTheMissingLibrary() {
        String ort = "Error code - ORT_RUNTIME_EXCEPTION - message: /onnxruntime_src/onnxruntime/core/session/"
                + "provider_bridge_ort.cc:1778 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() "
                + "[ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: "
                + "libcublasLt.so.12: cannot open shared object file: No such file or directory";
        ProviderUnavailableException e = OrtProvider.cudaProblem(ort, 0, null);
        assertTrue(e.getMessage().startsWith("ONNX Runtime could not load the CUDA libraries: libcublasLt.so.12 is missing"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cuDNN 9"), e.getMessage());
    }

    @Test
    void saysThereIsNoDevice() {
        String ort = "Error code - ORT_RUNTIME_EXCEPTION - message: CUDA failure 100: no CUDA-capable device is detected ; "
                + "GPU=0 ; hostname=ci ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; "
                + "line=282 ; expr=cudaSetDevice(info_.device_id);";
        ProviderUnavailableException e = OrtProvider.cudaProblem(ort, 0, null);
        assertTrue(e.getMessage().startsWith("ONNX Runtime's CUDA provider found no CUDA device (ORT says:"), e.getMessage());
        assertTrue(OrtProvider.cudaProblem(ort.replace("no CUDA-capable device is detected", "invalid device ordinal"), 3, null)
                .getMessage().contains("found no CUDA device with index 3"));
    }

    @Test
    void saysTheDriverIsTooOld() {
        String ort = "CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version ; GPU=0";
        assertTrue(OrtProvider.cudaProblem(ort, 0, null).getMessage().startsWith("the NVIDIA driver is too old"));
    }

    @Test
    void leavesOtherErrorsToTheCaller() {
        assertNull(OrtProvider.cudaProblem("Error code - ORT_INVALID_GRAPH - message: This is an invalid model.", 0, null));
    }
}
