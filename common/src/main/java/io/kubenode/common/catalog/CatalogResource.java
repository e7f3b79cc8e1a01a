package io.kubenode.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One entry of a catalog. {@code dependsOn}: resources that must be in sync first (a failure skips this one).
 * {@code notify} ({@code notifies}): services to restart once per pass when this resource changed.
 */
public record CatalogResource(
        String id,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dependsOn,
        @JsonProperty("notify") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notifies,
        ResourceSpec spec) {

    public CatalogResource {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        notifies = notifies == null ? List.of() : List.copyOf(notifies);
    }

    @JsonIgnore
    public String type() {
        return spec.type();
    }
}
