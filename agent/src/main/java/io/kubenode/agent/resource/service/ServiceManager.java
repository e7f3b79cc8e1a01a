package io.kubenode.agent.resource.service;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.util.List;
import java.util.Map;

/** The init system's service operations (systemd's systemctl). */
public interface ServiceManager {

    /** The unit's load, unit file and active states, read with one command. */
    UnitStatus status(String unit, Host host) throws HostException;

    /** The states of several units, read with one command (a pass reads all its services at once). */
    Map<String, UnitStatus> statuses(List<String> units, Host host) throws HostException;

    void enable(String unit, Host host) throws HostException;

    void disable(String unit, Host host) throws HostException;

    void start(String unit, Host host) throws HostException;

    void stop(String unit, Host host) throws HostException;
}
