package dev.jinn.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.ProviderUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderModesTest {
    @Test
    void javaNeedsNothingElse() {
        assertEquals(List.of(JavaProvider.INSTANCE), ProviderModes.providers("java"));
    }

    @Test
    void ortModesWithoutJinnOrtSaySo() {
        // The core's tests run without jinn-ort on the classpath.
        for (String mode : List.of("ort", "auto", "ort-cuda", "auto-cuda")) {
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> ProviderModes.providers(mode));
            assertTrue(e.getMessage().contains("the ORT provider needs jinn-ort (dev.jinn:jinn-ort) on the classpath"), e.getMessage());
        }
    }

    @Test
    void unknownModesListTheModes() {
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> ProviderModes.providers("gpu"));
        assertTrue(e.getMessage().contains("[java, ort, ort-cuda, auto, auto-cuda]"), e.getMessage());
    }
}
