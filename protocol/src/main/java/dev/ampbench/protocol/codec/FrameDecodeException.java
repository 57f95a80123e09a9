package dev.ampbench.protocol.codec;

/**
 * A frame could not be decoded. Names the field and the byte offset where decoding failed, so a lab engineer can
 * look at the hex and see what the device got wrong. Decoders throw nothing else on malformed input.
 */
public final class FrameDecodeException extends Exception {
    private final String field;
    private final int offset;
    private final String problem;
    private final boolean truncated;

    public FrameDecodeException(String field, int offset, String problem) {
        this(field, offset, problem, false);
    }

    /**
     * @param truncated true when the input ended before the field was complete (the frame was cut short), as
     *                  opposed to a field whose value is wrong
     */
    public FrameDecodeException(String field, int offset, String problem, boolean truncated) {
        super(field + " at offset " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
        this.problem = problem;
        this.truncated = truncated;
    }

    /** True when the frame ended before this field was complete. */
    public boolean truncated() {
        return truncated;
    }

    /** The field that could not be read, as named in the spec's field table. */
    public String field() {
        return field;
    }

    /** Byte offset in the frame where the field starts (or where decoding stopped). */
    public int offset() {
        return offset;
    }

    /** What was wrong, without the field and offset. */
    public String problem() {
        return problem;
    }
}
