package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The non-AP AMP STA (device role). After power-on it has no security association (AMP-SEC-R9): it waits for a
 * Trigger, answers with a fresh SNonce and a MIC under the new PTK (with any queued UL data sealed under the TK),
 * and is established when the AP's Confirm verifies. Its only non-volatile state is the PMK and its generation
 * ({@link PmkSlots}).
 */
public final class AmpSecStation implements ProtocolMachine {
    /** State names, as the spec's state diagram has them. */
    public static final String AWAITING_TRIGGER = "AWAITING_TRIGGER";
    public static final String AWAITING_CONFIRM = "AWAITING_CONFIRM";
    public static final String ESTABLISHED = "ESTABLISHED";
    /** Written only by a STA built with {@link Deviation#KEYS_KEPT_ACROSS_POWER_LOSS}: KCK || TK. */
    static final String SESSION_RECORD = "ampsec.session";
    /** The fixed seed of the SNonce generator of a STA built with {@link Deviation#NONCE_REUSED_AFTER_POWER_LOSS}. */
    private static final long REBOOT_SEED = 0x5eed;

    private final AmpSecPersonalization personalization;
    private final AmpSecFormat format;
    private final MachineContext ctx;
    private final Set<Deviation> deviations;
    private final RandomSource snonceSource;
    private final AmpSecCodec codec = new AmpSecCodec();

    private PmkSlots.Entry pmk;
    private Handshake pending;
    private Session session;
    private byte[] queuedUl = new byte[0];

    /** What the STA remembers between its Response and the AP's Confirm. */
    private record Handshake(byte[] aa, byte[] trigger, byte[] response, AmpSecKeySchedule.Ptk ptk, int anonceId,
                             byte[] dlData) {
    }

    public AmpSecStation(AmpSecPersonalization personalization, MachineContext ctx, Set<Deviation> deviations) {
        this.personalization = personalization;
        this.format = personalization.parameters().format();
        this.ctx = ctx;
        this.deviations = Set.copyOf(deviations);
        this.snonceSource = deviations.contains(Deviation.NONCE_REUSED_AFTER_POWER_LOSS)
                ? new SeededRandomSource(REBOOT_SEED) : ctx.random();
        this.pmk = PmkSlots.load(ctx.store(),
                new PmkSlots.Entry(personalization.pmkGeneration(), personalization.pmk()));
        if (deviations.contains(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS)) {
            ctx.store().read(SESSION_RECORD).ifPresent(b -> session = new Session(new AmpSecKeySchedule.Ptk(
                    KeyMaterial.of(Arrays.copyOf(b, 16)), KeyMaterial.of(Arrays.copyOfRange(b, 16, 32))),
                    new PacketNumbers(1, 0)));
        }
    }

    @Override
    public Profile profile() {
        return Profile.AMP_SEC;
    }

    @Override
    public Role role() {
        return Role.DEVICE;
    }

    @Override
    public String state() {
        if (pending != null) {
            return AWAITING_CONFIRM;
        }
        return session != null ? ESTABLISHED : AWAITING_TRIGGER;
    }

    /** The PMK generation the STA currently uses (not secret). */
    public int pmkGeneration() {
        return pmk.generation();
    }

    /**
     * Sends {@code payload} as UplinkData when established; otherwise queues it (replacing anything queued) to
     * ride, sealed under the new TK, in the Response to the next Trigger, and returns no effects.
     */
    public List<Effect> sendData(byte[] payload) {
        if (payload.length == 0) {
            throw new IllegalArgumentException("UL data must not be empty");
        }
        if (session != null && session.pn().exhausted()) {
            session = null;
        }
        if (session == null) {
            queuedUl = payload.clone();
            return List.of();
        }
        long pn = session.pn().next();
        byte[] sa = personalization.sa();
        byte[] aad = DataLayout.header(AmpSecFrameType.UPLINK_DATA, format, personalization.aa(), sa, pn).toBytes();
        byte[] sealed = AmpSecCcm.seal(session.ptk().tk(), AmpSecCcm.UPLINK, sa, pn, aad, payload);
        return List.of(new Effect.Transmit(
                new UplinkDataFrame(format, personalization.aa(), sa, pn, sealed).encode()));
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return reject(AmpSecRule.R1, e.getMessage());
        }
        if (frame instanceof TriggerFrame t) {
            return onTrigger(t, bytes);
        } else if (frame instanceof ConfirmFrame c) {
            return onConfirm(c);
        } else if (frame instanceof DownlinkDataFrame d) {
            return onData(d);
        } else if (frame instanceof PmkUpdateFrame u) {
            return onPmkUpdate(u);
        }
        return List.of(new Effect.Ignored(frame.type() + " is an uplink frame"));
    }

    private List<Effect> onTrigger(TriggerFrame t, byte[] triggerBytes) {
        if (!t.format().equals(format)) {
            return formatMismatch(t.format());
        }
        boolean answerAnyone = deviations.contains(Deviation.ANSWERS_FOREIGN_ADDRESS);
        byte[] sa = personalization.sa();
        if (!answerAnyone && !Arrays.equals(t.aa(), personalization.aa())) {
            return ignored("Trigger from another AP " + Hex.encode(t.aa()));
        }
        if (!answerAnyone && !t.isBroadcast() && !Arrays.equals(t.da(), sa)) {
            return ignored("Trigger for another STA " + Hex.encode(t.da()));
        }
        byte[] aa = t.aa();
        byte[] snonce = snonceSource.bytes(format.nonceLength());
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(format.akm(), pmk.pmk(), aa, sa, t.anonce(), snonce);
        byte[] zeroMic = new byte[AmpSecAkm.MIC_LENGTH];
        byte[] sealed = new byte[0];
        if (queuedUl.length > 0) {
            byte[] aad = new ResponseFrame(format, aa, sa, t.anonceId(), pmk.generation(), snonce, sealed, zeroMic)
                    .header();
            sealed = AmpSecCcm.seal(ptk.tk(), AmpSecCcm.UPLINK, sa, 0, aad, queuedUl);
            queuedUl = new byte[0];
        }
        ResponseFrame unsigned = new ResponseFrame(format, aa, sa, t.anonceId(), pmk.generation(), snonce, sealed,
                zeroMic);
        ResponseFrame response = unsigned.withMic(format.akm().mic(ptk.kck(), triggerBytes, unsigned.micCovered()));
        byte[] encoded = response.encode();
        session = null;
        pending = new Handshake(aa, triggerBytes.clone(), encoded, ptk, t.anonceId(), t.dlData());
        return List.of(new Effect.Transmit(encoded));
    }

    private List<Effect> onConfirm(ConfirmFrame c) {
        if (!c.format().equals(format)) {
            return formatMismatch(c.format());
        }
        if (!addressedToMe(c.aa(), c.sa())) {
            return ignored("Confirm for " + Hex.encode(c.sa()) + " from " + Hex.encode(c.aa()));
        }
        if (pending == null) {
            return reject(AmpSecRule.R15, "Confirm with no handshake in progress");
        }
        if (c.anonceId() != pending.anonceId() || c.pmkGeneration() != pmk.generation()) {
            return reject(AmpSecRule.R15, "Confirm for ANonceId " + c.anonceId() + ", PMK generation "
                    + c.pmkGeneration() + " does not match the handshake in progress");
        }
        byte[] expected = format.akm().mic(pending.ptk().kck(), pending.trigger(), pending.response(),
                c.micCovered());
        if (!AmpSecCcm.micMatches(expected, c.mic(), deviations)) {
            return reject(AmpSecRule.R7, "Confirm MIC does not verify");
        }
        Handshake done = pending;
        pending = null;
        session = new Session(done.ptk(), new PacketNumbers(1, 0));
        if (deviations.contains(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS)) {
            ctx.store().write(SESSION_RECORD, Bytes.concat(done.ptk().kck().bytes(), done.ptk().tk().bytes()));
        }
        List<Effect> effects = new ArrayList<>(2);
        effects.add(new Effect.Established("AMP-SEC STA " + Hex.encode(personalization.sa()) + " with AP "
                + Hex.encode(done.aa()) + ", PMK generation " + pmk.generation()));
        if (done.dlData().length > 0) {
            effects.add(new Effect.Deliver(done.dlData()));
        }
        return effects;
    }

    private List<Effect> onData(DownlinkDataFrame d) {
        if (!d.format().equals(format)) {
            return formatMismatch(d.format());
        }
        if (!addressedToMe(d.aa(), d.sa())) {
            return ignored("DownlinkData for " + Hex.encode(d.sa()) + " from " + Hex.encode(d.aa()));
        }
        if (session == null) {
            return reject(AmpSecRule.R15, "DownlinkData with no security association");
        }
        if (!deviations.contains(Deviation.REPLAY_ACCEPTED) && !session.pn().fresh(d.pn())) {
            return reject(AmpSecRule.R10, "DownlinkData PN " + d.pn() + " is not above the last accepted PN");
        }
        byte[] plaintext = AmpSecCcm.open(session.ptk().tk(), AmpSecCcm.DOWNLINK, d.sa(), d.pn(), d.header(),
                d.sealed(), deviations);
        if (plaintext == null) {
            return reject(AmpSecRule.R7, "DownlinkData CCM MIC does not verify");
        }
        session.pn().accepted(d.pn());
        return List.of(new Effect.Deliver(plaintext));
    }

    private List<Effect> onPmkUpdate(PmkUpdateFrame u) {
        if (!u.format().equals(format)) {
            return formatMismatch(u.format());
        }
        if (!addressedToMe(u.aa(), u.sa())) {
            return ignored("PmkUpdate for " + Hex.encode(u.sa()) + " from " + Hex.encode(u.aa()));
        }
        if (session == null) {
            return reject(AmpSecRule.R15, "PmkUpdate with no security association");
        }
        if (!deviations.contains(Deviation.REPLAY_ACCEPTED) && !session.pn().fresh(u.pn())) {
            return reject(AmpSecRule.R10, "PmkUpdate PN " + u.pn() + " is not above the last accepted PN");
        }
        byte[] expected = format.akm().mic(session.ptk().kck(), u.micCovered());
        if (!AmpSecCcm.micMatches(expected, u.mic(), deviations)) {
            return reject(AmpSecRule.R7, "PmkUpdate MIC does not verify");
        }
        if (u.newGeneration() != pmk.generation() + 1) {
            return reject(AmpSecRule.R12, "PmkUpdate to generation " + u.newGeneration() + " while at generation "
                    + pmk.generation());
        }
        session.pn().accepted(u.pn());
        PmkSlots.Entry next = new PmkSlots.Entry(u.newGeneration(),
                AmpSecKeySchedule.nextPmk(format.akm(), pmk.pmk(), u.aa(), u.sa(), u.newGeneration()));
        if (!deviations.contains(Deviation.COUNTER_RESET_ON_POWER_LOSS)) {
            PmkSlots.commit(ctx.store(), pmk, next);
        }
        pmk = next;
        return List.of(new Effect.Established("AMP-SEC STA " + Hex.encode(u.sa()) + " committed PMK generation "
                + next.generation()));
    }

    private boolean addressedToMe(byte[] aa, byte[] sa) {
        return Arrays.equals(aa, personalization.aa()) && Arrays.equals(sa, personalization.sa());
    }

    private List<Effect> formatMismatch(AmpSecFormat got) {
        return reject(AmpSecRule.R2, "Format 0x" + Integer.toHexString(got.octet()) + " is not the configured 0x"
                + Integer.toHexString(format.octet()));
    }

    private static List<Effect> reject(AmpSecRule rule, String reason) {
        return List.of(new Effect.Rejected(rule, reason));
    }

    private static List<Effect> ignored(String reason) {
        return List.of(new Effect.Ignored(reason));
    }
}
