package dev.ampbench.bench.capture;

/** A capture that is not valid pcapng, or whose packets are not what their link type says; names the offset. */
public final class CaptureFormatException extends Exception {
    private final long offset;

    public CaptureFormatException(long offset, String message) {
        super("at offset " + offset + ": " + message);
        this.offset = offset;
    }

    /** The file offset of the block (or field) at fault. */
    public long offset() {
        return offset;
    }
}
