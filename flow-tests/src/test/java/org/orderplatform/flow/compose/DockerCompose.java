package org.orderplatform.flow.compose;

import org.orderplatform.flow.InstalledTool;

import java.nio.file.Path;

/** The docker-compose command line, for what it does without a Docker engine: validating a compose file. */
final class DockerCompose {

    static final String NOT_INSTALLED = "docker-compose is not installed: run scripts/install-test-tools.sh";

    private static final String EXECUTABLE = "docker-compose";

    private final InstalledTool tool;

    private DockerCompose(InstalledTool tool) {
        this.tool = tool;
    }

    static DockerCompose installed() {
        return new DockerCompose(InstalledTool.installed(EXECUTABLE, NOT_INSTALLED));
    }

    static DockerCompose onPath(String searchPath) {
        return new DockerCompose(InstalledTool.onPath(EXECUTABLE, searchPath, NOT_INSTALLED));
    }

    /** {@code docker-compose -f <file> config -q}: exit code 0 when compose accepts the file. */
    InstalledTool.Result validate(Path composeFile) {
        return tool.run(composeFile.getParent(), "-f", composeFile.toString(), "config", "-q");
    }
}
