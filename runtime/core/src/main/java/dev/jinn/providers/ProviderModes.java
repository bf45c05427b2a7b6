package dev.jinn.providers;

import dev.jinn.ProviderUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Turns a provider mode, as the CLI's {@code --provider} spells it, into the providers of a session.
 * {@code java} needs nothing else; the ONNX Runtime modes live in the optional jinn-ort module, which
 * is found by name at run time so that the core carries no native code.
 */
public final class ProviderModes {
    /** Every mode; all but {@code java} need jinn-ort. */
    public static final List<String> MODES = List.of("java", "ort", "ort-cuda", "auto", "auto-cuda");

    private static final String ORT_FACTORY = "dev.jinn.providers.ort.Providers";

    private ProviderModes() {}

    /** The providers for {@code mode}; a fresh list for each session, which closes them. */
    public static List<Provider> providers(String mode) {
        return providers(mode, false);
    }

    /**
     * @param allowCpuFallback for the CUDA modes: run on ONNX Runtime's CPU provider, with a warning,
     *     when CUDA cannot be had, instead of failing
     */
    @SuppressWarnings("unchecked")
    public static List<Provider> providers(String mode, boolean allowCpuFallback) {
        String base = mode.contains(":") ? mode.substring(0, mode.indexOf(':')) : mode;
        if (!MODES.contains(base)) {
            throw new ProviderUnavailableException("unknown provider mode '" + mode + "'; the modes are " + MODES);
        }
        if (base.equals("java")) return List.of(JavaProvider.INSTANCE);
        Method forMode;
        try {
            forMode = Class.forName(ORT_FACTORY).getMethod("forMode", String.class, boolean.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new ProviderUnavailableException("provider mode '" + mode + "': the ORT provider needs jinn-ort "
                    + "(dev.jinn:jinn-ort) on the classpath; without it only 'java' is available", e);
        }
        try {
            return (List<Provider>) forMode.invoke(null, mode, allowCpuFallback);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
