package io.kubenode.controller.cli.admin;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EditBufferTest {

    @Test
    void theHeaderComesOffAndTheDocumentsOwnCommentsStay() {
        List<String> header = EditBuffer.header(List.of("spec.x: expected y"));
        String document = "# my own comment\n#\napiVersion: v\n";

        String reopened = EditBuffer.withHeader(header, document);

        assertThat(reopened).startsWith("# The edited cluster document is invalid.").contains("\n# spec.x: expected y\n");
        assertThat(EditBuffer.stripHeader(reopened, header)).isEqualTo(document);
        assertThat(EditBuffer.stripHeader(document, List.of())).isEqualTo(document);
    }

    @Test
    void theFileIsTheOwnersOnlyFromTheStart() throws Exception {
        EditBuffer buffer = EditBuffer.create(".yaml", "text");
        try {
            Path file = buffer.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(buffer.read()).isEqualTo("text");
        } finally {
            buffer.delete();
        }
        assertThat(buffer.path()).doesNotExist();
    }

    @Test
    void theEditorIsEditorThenVisualThenVi() {
        Path home = Path.of("/home/x");

        assertThat(EditorLauncher.from(new Environment(Map.of("EDITOR", "nano", "VISUAL", "code"), home)).command())
                .containsExactly("nano");
        assertThat(EditorLauncher.from(new Environment(Map.of("EDITOR", " ", "VISUAL", "code --wait"), home))
                .command()).containsExactly("code", "--wait");
        assertThat(EditorLauncher.from(new Environment(Map.of(), home)).command()).containsExactly("vi");
    }
}
