package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reseals the AP's frames to one STA as the AP would: a Confirm's MIC under the KCK of the handshake it follows (the
 * last Trigger and the STA's Response to it) over Trigger, Response and the mutated Confirm; a DownlinkData's CCM tag
 * under the TK of the session the last Confirm set up, with the mutated header as additional data and the mutated
 * ciphertext kept as it is (its plaintext is what CTR gives under the mutated header's nonce). Triggers carry no MIC.
 * A PmkUpdate's MIC is recomputed under the KCK of that session over the mutated frame, as the AP computes it.
 * PMK generations after the given one are derived forward, as the AP does (at most 64). Sans-I/O; never prints a key.
 */
public final class AmpSecSealer implements FrameSealer {
    private static final Set<Deviation> TAG_NOT_CHECKED = Set.of(Deviation.MIC_NOT_CHECKED);

    /** A Trigger and the STA's Response to it; the PTK is derived the first time a seal needs it (a KDF run). */
    private final class Handshake {
        final byte[] trigger;
        final byte[] response;
        private final TriggerFrame t;
        private final ResponseFrame r;
        private final KeyMaterial pmk;
        private AmpSecKeySchedule.Ptk ptk;

        Handshake(byte[] trigger, byte[] response, TriggerFrame t, ResponseFrame r, KeyMaterial pmk) {
            this.trigger = trigger;
            this.response = response;
            this.t = t;
            this.r = r;
            this.pmk = pmk;
        }

        AmpSecKeySchedule.Ptk ptk() {
            if (ptk == null) {
                ptk = AmpSecKeySchedule.ptk(akm, pmk, r.aa(), r.sa(), t.anonce(), r.snonce());
            }
            return ptk;
        }
    }

    private final AmpSecPersonalization sta;
    private final AmpSecAkm akm;
    private final AmpSecCodec codec = new AmpSecCodec();
    private byte[] trigger;
    private Handshake pending;
    private Handshake session;

    public AmpSecSealer(AmpSecPersonalization sta) {
        this.sta = Objects.requireNonNull(sta, "sta");
        this.akm = sta.parameters().format().akm();
    }

    @Override
    public void observe(byte[] frame) {
        Frame f = decode(frame);
        if (f instanceof TriggerFrame) {
            trigger = frame.clone();
        } else if (f instanceof ResponseFrame r && trigger != null && Arrays.equals(r.sa(), sta.sa())) {
            KeyMaterial pmk = pmk(r.pmkGeneration());
            TriggerFrame t = (TriggerFrame) decode(trigger);
            if (pmk != null && t != null && t.anonceId() == r.anonceId()) {
                pending = new Handshake(trigger, frame.clone(), t, r, pmk);
            }
        } else if (f instanceof ConfirmFrame && pending != null) {
            session = pending;
        }
    }

    @Override
    public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
        Frame f = decode(mutated);
        if (f instanceof ConfirmFrame c && pending != null) {
            return FrameSealer.withMic(mutated, c, akm.mic(pending.ptk().kck(), pending.trigger, pending.response,
                    c.micCovered()));
        }
        if (f instanceof PmkUpdateFrame u && session != null) {
            return FrameSealer.withMic(mutated, u, akm.mic(session.ptk().kck(), u.micCovered()));
        }
        if (f instanceof DownlinkDataFrame d && session != null) {
            try {
                byte[] header = d.header();
                byte[] plaintext = AmpSecCcm.open(session.ptk().tk(), AmpSecCcm.DOWNLINK, d.sa(), d.pn(), header,
                        d.sealed(), TAG_NOT_CHECKED);
                if (plaintext == null) {
                    return Optional.empty();
                }
                byte[] sealed = AmpSecCcm.seal(session.ptk().tk(), AmpSecCcm.DOWNLINK, d.sa(), d.pn(), header,
                        plaintext);
                byte[] out = new DownlinkDataFrame(d.format(), d.aa(), d.sa(), d.pn(), sealed).encode();
                return Arrays.equals(d.encode(), mutated) ? Optional.of(out) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty(); // too short to hold a tag: nothing to reseal
            }
        }
        return Optional.empty();
    }

    /** The PMK of {@code generation}, derived forward from the given one; null before it or too far ahead. */
    private KeyMaterial pmk(int generation) {
        int from = sta.pmkGeneration();
        if (generation == from) {
            return sta.pmk();
        }
        if (generation < from || generation - from > 64) {
            return null;
        }
        KeyMaterial pmk = sta.pmk();
        for (int g = from + 1; g <= generation; g++) {
            pmk = AmpSecKeySchedule.nextPmk(akm, pmk, sta.aa(), sta.sa(), g);
        }
        return pmk;
    }

    private Frame decode(byte[] bytes) {
        return FrameSealer.decodeOrNull(codec, bytes);
    }

    @Override
    public String toString() {
        return "AmpSecSealer[" + sta + "]";
    }
}
