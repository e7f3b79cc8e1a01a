package io.kubenode.agent.state;

import io.kubenode.agent.controller.ControllerUrl;
import io.kubenode.agent.enroll.NodeNames;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * STATE/enrollment.yaml, written by {@code kubenode-agent enroll}: where the controller is and which node this
 * is, so that {@code run} needs no flags. agent.yaml's {@code controller.url} and {@code nodeName} override it.
 */
public record EnrollmentRecord(String controllerUrl, String nodeName) {

    /** The record, or every problem with the file (its path prefixed by the caller). */
    public static Read read(byte[] bytes) {
        ReadResult<EnrollmentRecord> read = DocumentReader.read(bytes, EnrollmentRecord.class);
        if (read instanceof ReadResult.Unreadable<EnrollmentRecord> unreadable) {
            return new Read(null, unreadable.problems());
        }
        EnrollmentRecord record = ((ReadResult.Read<EnrollmentRecord>) read).value();
        List<Problem> problems = new ArrayList<>();
        ControllerUrl.problem(record.controllerUrl()).ifPresent(message -> problems.add(Problem.error("controllerUrl",
                message)));
        NodeNames.problem(record.nodeName()).ifPresent(message -> problems.add(Problem.error("nodeName", message)));
        return problems.isEmpty() ? new Read(record, List.of()) : new Read(null, problems);
    }

    /** A record that read and checked, or why not. */
    public record Read(EnrollmentRecord record, List<Problem> problems) {
        public boolean ok() {
            return record != null;
        }
    }
}
