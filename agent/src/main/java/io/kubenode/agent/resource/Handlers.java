package io.kubenode.agent.resource;

import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.ResourceHandler;

import java.util.List;

/** Every resource type the agent knows, one handler each. */
public final class Handlers {
    private Handlers() {
    }

    public static HandlerRegistry registry(HandlerContext context) {
        List<ResourceHandler<?, ?>> handlers = List.of(
        );
        return new HandlerRegistry(handlers);
    }
}
