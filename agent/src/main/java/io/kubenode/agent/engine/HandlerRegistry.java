package io.kubenode.agent.engine;

import io.kubenode.common.catalog.ResourceSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which handler serves which spec type; built from one explicit list. */
public final class HandlerRegistry {
    private final Map<Class<?>, ResourceHandler<?, ?>> byType = new HashMap<>();

    public HandlerRegistry(List<ResourceHandler<?, ?>> handlers) {
        for (ResourceHandler<?, ?> handler : handlers) {
            if (byType.put(handler.specType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for " + handler.specType().getSimpleName());
            }
        }
    }

    @SuppressWarnings("unchecked")
    public <S extends ResourceSpec> Optional<ResourceHandler<S, Object>> handlerFor(S spec) {
        return Optional.ofNullable((ResourceHandler<S, Object>) byType.get(spec.getClass()));
    }
}
