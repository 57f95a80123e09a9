package dev.ampbench.bench.capture;

/**
 * One Interface Description Block of a capture.
 *
 * @param id       the interface id within its section, as Enhanced Packet Blocks cite it
 * @param linkType the LINKTYPE_ value ({@link PcapngWriter#LINKTYPE_AMPBENCH}, {@link PcapngWriter#LINKTYPE_LORATAP}
 *                 or any other)
 * @param name     {@code if_name}, or "" when absent
 */
public record CaptureInterface(int id, int linkType, String name) {
}
