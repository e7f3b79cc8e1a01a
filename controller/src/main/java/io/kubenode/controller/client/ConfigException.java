package io.kubenode.controller.client;

/** kubenodectl's config file is missing or unusable; the message names the file and the field. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
