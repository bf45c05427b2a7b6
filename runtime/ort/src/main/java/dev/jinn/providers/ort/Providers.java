package dev.jinn.providers.ort;

import dev.jinn.ProviderUnavailableException;
import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import java.util.List;

/**
 * The provider lists behind each mode of {@code --provider}. The core finds this class by name
 * ({@link dev.jinn.providers.ProviderModes}), so it is used whenever jinn-ort is on the classpath.
 */
public final class Providers {
    private Providers() {}

    /** {@link #forMode(String, boolean)} without CPU fallback. */
    public static List<Provider> forMode(String mode) {
        return forMode(mode, false);
    }

    /**
     * @param mode {@code java}, {@code ort}, {@code ort-cuda}, {@code auto} or {@code auto-cuda}; the
     *     CUDA modes take a device index as {@code ort-cuda:1}
     * @param allowCpuFallback for the CUDA modes: run on ORT's CPU provider, with a warning, when
     *     CUDA cannot be had
     */
    public static List<Provider> forMode(String mode, boolean allowCpuFallback) {
        String base = mode;
        int device = 0;
        int colon = mode.indexOf(':');
        if (colon >= 0) {
            base = mode.substring(0, colon);
            try {
                device = Integer.parseInt(mode.substring(colon + 1));
            } catch (NumberFormatException e) {
                device = -1;
            }
            if (device < 0 || !base.endsWith("cuda")) {
                throw new ProviderUnavailableException("provider mode '" + mode + "': only the CUDA modes take a device, as ort-cuda:1");
            }
        }
        return switch (base) {
            case "java" -> List.of(JavaProvider.INSTANCE);
            case "ort" -> List.of(OrtProvider.cpu());
            case "ort-cuda" -> List.of(OrtProvider.cuda(device, allowCpuFallback));
            case "auto" -> List.of(JavaProvider.INSTANCE, OrtProvider.cpu());
            case "auto-cuda" -> List.of(JavaProvider.INSTANCE, OrtProvider.cuda(device, allowCpuFallback));
            default -> throw new ProviderUnavailableException("unknown provider mode '" + mode
                    + "'; the modes are java, ort, ort-cuda, auto, auto-cuda");
        };
    }
}
