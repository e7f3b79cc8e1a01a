package io.kubenode.controller.api;

import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Reads query parameters; a bad value is answered with 400 naming the parameter and what it takes. */
final class QueryParams {
    private QueryParams() {
    }

    /** The parameter's value in [min, max], {@code fallback} when absent; null after answering 400. */
    static Long nonNegative(RoutingContext ctx, String name, long fallback, long max) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return fallback;
        }
        String value = values.get(0);
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0 && parsed <= max && values.size() == 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        Responses.error(ctx, 400, new ApiError("bad_request", "invalid query parameter " + name,
                List.of(name + ": expected one integer from 0 to " + max)));
        return null;
    }

    /**
     * A parameter that takes one value: false when absent, true when given once as {@code value}; null after
     * answering 400 (another value, or given twice).
     */
    static Boolean oneValue(RoutingContext ctx, String name, String value) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() == 1 && value.equals(values.get(0))) {
            return true;
        }
        Responses.error(ctx, 400, new ApiError("bad_request", "invalid query parameter " + name,
                List.of(name + ": expected " + value + " (or no " + name + " parameter)")));
        return null;
    }
}
