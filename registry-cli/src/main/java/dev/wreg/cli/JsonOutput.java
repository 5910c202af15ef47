package dev.wreg.cli;

import tools.jackson.databind.json.JsonMapper;

/**
 * The mapper commands print JSON with. An interface constant, not a field of {@link CommandBase}:
 * picocli instantiates every command to build the usage model, and an interface is initialised
 * only when its constant is first read, so {@code wreg --help} never loads Jackson.
 */
public interface JsonOutput {
    JsonMapper JSON = JsonMapper.builder().build();
}
