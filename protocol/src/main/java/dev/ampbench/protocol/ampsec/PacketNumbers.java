package dev.ampbench.protocol.ampsec;

/**
 * One side's packet numbers under one PTK: the next PN it sends and the last PN it accepted. Both start at 0,
 * which the Response's UL data uses; data frames and PmkUpdates use 1 and up.
 */
final class PacketNumbers {
    private long nextToSend;
    private long lastAccepted;

    PacketNumbers(long nextToSend, long lastAccepted) {
        this.nextToSend = nextToSend;
        this.lastAccepted = lastAccepted;
    }

    /** The PN for the next frame this side sends; the caller must check {@link #exhausted()} first. */
    long next() {
        return nextToSend++;
    }

    boolean exhausted() {
        return nextToSend > FrameSupport.MAX_PN;
    }

    /** True when {@code pn} is fresh: greater than every PN accepted so far. */
    boolean fresh(long pn) {
        return pn > lastAccepted;
    }

    void accepted(long pn) {
        lastAccepted = Math.max(lastAccepted, pn);
    }
}
