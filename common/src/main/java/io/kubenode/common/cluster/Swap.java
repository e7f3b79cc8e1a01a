package io.kubenode.common.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether swap may be on. YAML 1.1 reads a bare {@code off} as boolean false, so both the words and the
 * booleans are accepted on purpose: {@code swap: off} means off.
 */
public enum Swap {
    OFF, ON;

    @JsonValue
    public String wireName() {
        return this == OFF ? "off" : "on";
    }

    @JsonCreator
    public static Swap parse(Object value) {
        if (value instanceof Boolean on) {
            return on ? ON : OFF;
        }
        if (value instanceof String text) {
            switch (text) {
                case "off", "false", "Off", "OFF", "False", "FALSE", "no" -> {
                    return OFF;
                }
                case "on", "true", "On", "ON", "True", "TRUE", "yes" -> {
                    return ON;
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException("expected off or on, got '" + value + "'");
    }
}
