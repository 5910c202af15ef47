package dev.wreg.engine.runtime.wave;

/** WAVE text that does not parse or does not fit the expected type; says where and why. */
public final class WaveException extends RuntimeException {
    public WaveException(String message) {
        super(message);
    }
}
