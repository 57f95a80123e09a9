package dev.ampbench.bench.capture;

import java.util.List;
import java.util.Optional;

/**
 * A capture as {@link PcapngReader} read it.
 *
 * @param interfaces    every interface of every section, in file order
 * @param frames        every packet, in file order
 * @param truncatedTail when the file ends inside a block (a writer that crashed or was killed mid-block): what was
 *                      cut and where; every complete block before it is in {@code frames}
 */
public record Capture(List<CaptureInterface> interfaces, List<CapturedFrame> frames, Optional<String> truncatedTail) {
    public Capture {
        interfaces = List.copyOf(interfaces);
        frames = List.copyOf(frames);
    }

    /** The packets of the ampbench link type (one per air frame; LoRaTap copies left out). */
    public List<CapturedFrame> ampbenchFrames() {
        return frames.stream().filter(CapturedFrame::isAmpbench).toList();
    }
}
