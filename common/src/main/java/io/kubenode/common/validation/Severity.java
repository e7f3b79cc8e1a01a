package io.kubenode.common.validation;

public enum Severity {
    ERROR, WARNING
}
