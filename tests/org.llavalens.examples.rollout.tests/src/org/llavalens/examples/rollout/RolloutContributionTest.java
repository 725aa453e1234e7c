package org.llavalens.examples.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.llavalens.attribution.method.AttributionMethod;
import org.llavalens.attribution.method.MethodRegistry;

/** The plugin reaches the engine only through the extension point, as any third-party plugin would. */
class RolloutContributionTest {

    @Test
    void theRegistryFindsTheMethodThroughTheExtensionPoint() {
        MethodRegistry registry = MethodRegistry.fromPlatform();
        assertTrue(registry.list().stream().anyMatch(d -> d.id().equals(AttentionRolloutMethod.ID)),
                "rollout is not among " + registry.list());
        AttributionMethod method = registry.get(AttentionRolloutMethod.ID);
        assertEquals(AttentionRolloutMethod.class, method.getClass());
        assertTrue(method.requiredCapture().attentionMatrices(), "rollout must ask for attention matrices");
        assertTrue(registry.problems().isEmpty(), registry.problems().toString());
    }
}
