package dev.ampbench.protocol;

/**
 * A numbered rule a conforming device must obey, as listed in {@code docs/protocols/<profile>.md}.
 * Each profile has an enum of its rules; verdicts, rejections and reports cite {@link #id()}.
 */
public interface Rule {
    /** For example {@code AMP-SEC-R7}. */
    String id();

    /** One sentence: what a conforming implementation does. */
    String summary();
}
