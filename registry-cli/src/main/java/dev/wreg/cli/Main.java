package dev.wreg.cli;

/** Entry point of the {@code wreg} command-line client. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.system();
        int code = Wreg.run(env, args);
        env.out().flush();
        System.exit(code);
    }
}
