package dev.jinn.conformance;

import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Provider sets by name, as {@code --provider} takes them. Each name gives a supplier, called once per
 * case, because a session closes its providers when it closes. "java" is built in; the runtime's
 * provider modes ("ort", "auto", ...) are used when the build has them; other sets can be added
 * with {@link #register}.
 */
public final class Providers {
    private static final Map<String, Supplier<List<Provider>>> BY_NAME = new TreeMap<>();

    static {
        register("java", () -> List.of(JavaProvider.INSTANCE));
    }

    private Providers() {}

    public static synchronized void register(String name, Supplier<List<Provider>> providers) {
        BY_NAME.put(name, providers);
    }

    public static synchronized Supplier<List<Provider>> forName(String name) {
        Supplier<List<Provider>> s = BY_NAME.get(name);
        if (s != null) return s;
        Supplier<List<Provider>> mode = coreMode(name);
        if (mode != null) return mode;
        throw new IllegalArgumentException("unknown provider '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
    }

    /**
     * The runtime's own provider modes ("ort", "auto", ...; see dev.jinn.providers.ProviderModes, which
     * arrives with the ORT work), when this build has them. Found by name so that this module builds
     * with or without it; null when the runtime has no such mode.
     */
    @SuppressWarnings("unchecked")
    private static Supplier<List<Provider>> coreMode(String name) {
        java.lang.reflect.Method providers;
        List<String> modes;
        try {
            Class<?> c = Class.forName("dev.jinn.providers.ProviderModes");
            providers = c.getMethod("providers", String.class);
            modes = (List<String>) c.getField("MODES").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
        String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        if (!modes.contains(base)) return null;
        return () -> {
            try {
                return (List<Provider>) providers.invoke(null, name);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException("provider '" + name + "': " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    public static synchronized List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
