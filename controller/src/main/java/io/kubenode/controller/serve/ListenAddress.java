package io.kubenode.controller.serve;

import picocli.CommandLine;

/** HOST:PORT of a listening socket; [v6]:PORT for IPv6 literals. Port 0 lets the kernel pick. */
record ListenAddress(String host, int port) {

    static ListenAddress parse(String text, CommandLine commandLine) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(commandLine, "expected HOST:PORT, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new ListenAddress(host, port);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(commandLine, "expected a port 0..65535 in " + text);
        }
    }
}
