package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvDeviceIdentity;
import dev.ampbench.protocol.ampprov.AmpProvPairing;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.FrameType;
import dev.ampbench.protocol.ampprov.ProtectedFrame;
import dev.ampbench.protocol.ampprov.ProvConfirm;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a case drives a device of one profile and role to its states with valid exchanges: the counterpart the bench
 * plays (the protocol module's machine of the other role), the conforming reference model of the device, and the
 * phases of one full valid scenario. A case runs the phases and mutates the n-th frame the bench injects, so the
 * mutated frame meets the device in the state the earlier frames drove it to.
 *
 * <p>{@link #forTag} fuzzes a tag (the bench plays the gateway), {@link #forGateway} a gateway (the bench plays one
 * of its tags); see docs/fuzzing.md.
 */
public final class Scenario {

    /** One step of the valid scenario. */
    public sealed interface Phase {
    }

    /**
     * The counterpart starts an exchange (a trigger, a page, a downlink). The function gets the counterpart and the
     * last frame the device sent (null if none) and may throw {@link IllegalStateException} or
     * {@link IllegalArgumentException} when the counterpart cannot go on (the device did not get where it should).
     */
    public record CounterpartStarts(String name, BiFunction<ProtocolMachine, byte[], List<Effect>> start)
            implements Phase {
    }

    /** The device starts one of its actions (a join, a factory reset, an uplink). */
    public record DeviceActs(String name, byte[] args) implements Phase {
    }

    /**
     * The device starts one of its actions with arguments only the bench's counterpart knows by then (a gateway's
     * request to the local address it gave the bench's tag). The function gets the counterpart and may throw
     * {@link IllegalStateException} when the counterpart is not where it should be.
     */
    public record DeviceActsOn(String name, Function<ProtocolMachine, byte[]> args) implements Phase {
    }

    /**
     * A nonce of a device frame that its field descriptors cannot show (a LoRaWAN JoinAccept's JoinNonce travels
     * encrypted): the frame type and field it is reported under, and its value.
     */
    public record HiddenNonce(String frameType, String field, byte[] value) {
    }

    private final Profile profile;
    private final Role role;
    private final Function<MachineContext, ProtocolMachine> counterpart;
    private final Function<MachineContext, ProtocolMachine> reference;
    private final MachineTarget.Actions actions;
    private final List<Phase> phases;
    private final Map<String, String> revealed;
    private final int session;
    private final Function<byte[], Optional<HiddenNonce>> hidden;
    private final int powerCycleOneIn;
    private final boolean replayAcrossPowerCycle;
    private final boolean resealsSessionFrames;

    private Scenario(Profile profile, Function<MachineContext, ProtocolMachine> counterpart,
                     Function<MachineContext, ProtocolMachine> reference, MachineTarget.Actions actions,
                     List<Phase> phases, Map<String, String> revealed) {
        this(profile, counterpart, reference, actions, phases, revealed, 0);
    }

    private Scenario(Profile profile, Function<MachineContext, ProtocolMachine> counterpart,
                     Function<MachineContext, ProtocolMachine> reference, MachineTarget.Actions actions,
                     List<Phase> phases, Map<String, String> revealed, int session) {
        this(profile, Role.DEVICE, counterpart, reference, actions, phases, revealed, session, f -> Optional.empty());
    }

    private Scenario(Profile profile, Role role, Function<MachineContext, ProtocolMachine> counterpart,
                     Function<MachineContext, ProtocolMachine> reference, MachineTarget.Actions actions,
                     List<Phase> phases, Map<String, String> revealed, int session,
                     Function<byte[], Optional<HiddenNonce>> hidden) {
        this.profile = profile;
        this.role = role;
        this.hidden = hidden;
        this.counterpart = counterpart;
        this.reference = reference;
        this.actions = actions;
        this.phases = List.copyOf(phases);
        this.revealed = Map.copyOf(revealed);
        this.session = session;
        this.powerCycleOneIn = session > 0 ? CasePlan.POWER_CYCLE_ONE_IN_WITH_SESSIONS : CasePlan.POWER_CYCLE_ONE_IN;
        this.replayAcrossPowerCycle = false;
        this.resealsSessionFrames = false;
    }

    private Scenario(Scenario s, int powerCycleOneIn, boolean replayAcrossPowerCycle, boolean resealsSessionFrames) {
        this.profile = s.profile;
        this.role = s.role;
        this.hidden = s.hidden;
        this.counterpart = s.counterpart;
        this.reference = s.reference;
        this.actions = s.actions;
        this.phases = s.phases;
        this.revealed = s.revealed;
        this.session = s.session;
        this.powerCycleOneIn = powerCycleOneIn;
        this.replayAcrossPowerCycle = replayAcrossPowerCycle;
        this.resealsSessionFrames = resealsSessionFrames;
    }

    /**
     * How often a case starts with a power cycle (1 in this many): {@link CasePlan#POWER_CYCLE_ONE_IN}, or rarer
     * where a power cycle costs a session the device has few of (a LoRaWAN join, a DevNonce).
     */
    public int powerCycleOneIn() {
        return powerCycleOneIn;
    }

    /**
     * Whether a replay case that has a power cycle cuts the power after the scenario, just before the replayed
     * frame, instead of before the scenario: the recording is made before the power loss and replayed after it, so
     * the device must refuse it by the counters it kept in non-volatile memory (amp-prov: Cntr and Seq, R9 and R12).
     * Only where the device's protected state survives power loss; elsewhere a power cycle ends the session anyway.
     */
    public boolean replayAcrossPowerCycle() {
        return replayAcrossPowerCycle;
    }

    /**
     * How many leading phases set up a session that later cases may reuse instead of repeating (0: every case runs
     * every phase). LoRaWAN: the join, because a device has only 65,536 DevNonces per JoinEUI (LORAWAN-R2) and a
     * campaign that joined in every case would use them up; such cases join only when their plan says so. amp-sec:
     * a handshake and a PmkUpdate (the PMK generation is 16 bits).
     */
    public int sessionPhases() {
        return session;
    }

    /**
     * Whether a fix-up case may reseal a mutated frame of the session phases ({@link MicMode#fixesUp(CasePlan,
     * boolean)}). No by default: a resealed mutated LoRaWAN JoinAccept moves the tag to a JoinNonce the Join Server
     * never reaches. amp-sec: yes. Its session frames with a MIC are the Confirm and the PmkUpdate; a PmkUpdate the
     * STA takes moves it to exactly the next generation (any other is R12), which the AP moved to when it sent it,
     * and the AP still takes the previous one until a Response settles it, so whatever the STA did with a resealed
     * mutation, the next handshake goes through (docs/fuzzing.md "MIC modes", measured there).
     */
    public boolean resealsSessionFrames() {
        return resealsSessionFrames;
    }

    /**
     * The device rule a refusal by the counterpart reveals. The counterpart names the rule it enforces (a LoRaWAN
     * join server refusing a DevNonce that is not above the last, LORAWAN-R3); the device broke the rule on its own
     * side (its DevNonce must never repeat, LORAWAN-R2). Rules without a device-side twin are returned as they are.
     */
    public String deviceRuleRevealedBy(String counterpartRule) {
        return revealed.getOrDefault(counterpartRule, counterpartRule);
    }

    /** The device's nonce in {@code deviceFrame} that no field descriptor shows, if the frame carries one. */
    public Optional<HiddenNonce> hiddenNonce(byte[] deviceFrame) {
        return hidden.apply(deviceFrame);
    }

    /** The rule a device of this scenario's profile and role breaks by {@code d} (a gateway's own side's rule). */
    public Optional<String> ruleFor(Deviation d) {
        return Profiles.ruleBrokenBy(profile, role, d).map(Rule::id);
    }

    public Profile profile() {
        return profile;
    }

    public Role role() {
        return role;
    }

    public List<Phase> phases() {
        return phases;
    }

    /** A new counterpart machine (the gateway, or for a gateway scenario the tag, the bench plays) on {@code ctx}. */
    public ProtocolMachine counterpart(MachineContext ctx) {
        return counterpart.apply(ctx);
    }

    /** Builds the conforming reference model of the device at every power-up. */
    public Function<MachineContext, ProtocolMachine> reference() {
        return reference;
    }

    /** The device-side actions as the reference model performs them. */
    public MachineTarget.Actions actions() {
        return actions;
    }

    /**
     * The scenario for a tag of {@code profile} with these personalization records (the DUT's, as the key manifest
     * or the built-in emulator gives them).
     *
     * @throws IllegalArgumentException for a role the fuzzer does not drive yet, or records of another profile
     */
    public static Scenario forTag(Profile profile, List<?> secrets) {
        if (secrets.size() != 1) {
            throw new IllegalArgumentException("a tag has one identity; got " + secrets.size());
        }
        Object id = secrets.get(0);
        return switch (profile) {
            case AMP_SEC -> ampSec(cast(id, AmpSecPersonalization.class));
            case AMP_PROV -> ampProv(cast(id, AmpProvPersonalization.class));
            case AIOT_S9 -> aiotS9(cast(id, AiotS9Personalization.class));
            case LORAWAN -> loRaWan(cast(id, LoRaWanPersonalization.class));
        };
    }

    /**
     * The scenario for a gateway of {@code profile} with these personalization records (the gateway's table of
     * tags, as the key manifest or the built-in emulator gives them): the bench plays one of its tags
     * ({@link GatewayScenarios}).
     *
     * @throws IllegalArgumentException for no records, or records of another profile
     */
    public static Scenario forGateway(Profile profile, List<?> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a gateway needs the records of at least one tag it serves");
        }
        return GatewayScenarios.of(profile, secrets);
    }

    /**
     * The record of the tag the bench plays in {@link #forGateway}'s scenario over these records: the keys a MIC
     * fix-up of the bench's tag frames uses.
     */
    public static Object gatewayTag(Profile profile, List<?> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a gateway needs the records of at least one tag it serves");
        }
        return GatewayScenarios.played(profile, secrets);
    }

    /** The scenario for a device of {@code role}: {@link #forTag} or {@link #forGateway}. */
    public static Scenario of(Profile profile, Role role, List<?> secrets) {
        return role == Role.DEVICE ? forTag(profile, secrets) : forGateway(profile, secrets);
    }

    /** A gateway scenario: the counterpart is the tag the bench plays, the reference a conforming gateway. */
    static Scenario gateway(Profile profile, Function<MachineContext, ProtocolMachine> tag,
                            Function<MachineContext, ProtocolMachine> reference, MachineTarget.Actions actions,
                            List<Phase> phases, Map<String, String> revealed, int session,
                            Function<byte[], Optional<HiddenNonce>> hidden) {
        return new Scenario(profile, Role.INFRASTRUCTURE, tag, reference, actions, phases, revealed, session, hidden);
    }

    static <T> T cast(Object o, Class<T> type) {
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + " secrets, got "
                    + o.getClass().getSimpleName());
        }
        return type.cast(o);
    }

    private static final byte[] DATA = "ampbench-fuzz".getBytes(StandardCharsets.US_ASCII);

    /**
     * amp-sec: the session phases (a handshake, then a PmkUpdate to the next PMK generation) run when a case starts
     * a session, as a LoRaWAN join does: the generation is 16 bits, so a campaign cannot move it on in every case.
     * Every case then runs a handshake of its own (which proves the new generation to the AP, settling the update,
     * R13) and a DownlinkData. After a power cycle the STA's Response must name the generation it committed (R12):
     * the AP refuses an older one by R13, which the scenario reports as the STA's R12.
     */
    private static Scenario ampSec(AmpSecPersonalization p) {
        CounterpartStarts page = new CounterpartStarts("page", (ap, last) -> ((AmpSecAccessPoint) ap).page(p.sa()));
        return new Scenario(Profile.AMP_SEC,
                ctx -> new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p), ctx, Set.of()),
                ctx -> new AmpSecStation(p, ctx, Set.of()),
                (m, name, args) -> {
                    throw new IllegalArgumentException("the amp-sec scenario starts no tag action");
                },
                List.of(page,
                        new CounterpartStarts("pmk-update", (ap, last) -> ((AmpSecAccessPoint) ap).updatePmk(p.sa())),
                        page,
                        new CounterpartStarts("send", (ap, last) -> ((AmpSecAccessPoint) ap).sendData(p.sa(), DATA))),
                // R13: the AP refuses a generation older than one the STA proved; the STA broke R12 (it must commit
                // every generation it moves to before using it, so the generation survives power loss).
                Map.of("AMP-SEC-R13", "AMP-SEC-R12"), 2).withPowerCycles(CasePlan.POWER_CYCLE_ONE_IN, false)
                .withSessionFramesResealed();
    }

    /**
     * amp-prov: every case provisions the tag again (a factory reset, a beacon), then the bench's gateway re-keys it
     * (REKEY, REKEY_ACK) and asks it for sensor data (REQ_SENSOR_DATA, RES_SENSOR_DATA), so protected frames meet
     * the tag too. Provisioning and key state survive power loss (R8), so a replay case with a power cycle replays
     * its frame after the cycle ({@link #replayAcrossPowerCycle()}).
     */
    private static Scenario ampProv(AmpProvPersonalization p) {
        // What the factory wrote into the tag, made once: it holds two public keys, each an X25519 operation, which
        // the reference's every power-up recomputed (half an in-process campaign's time, docs/performance.md).
        AmpProvDeviceIdentity identity = p.deviceIdentity();
        return new Scenario(Profile.AMP_PROV,
                ctx -> AmpProvPairing.pair(p, MachineContext.forTest(0), ctx, Set.of(), Set.of()).infrastructure(),
                ctx -> new AmpProvDevice(identity, ctx, Set.of()),
                (m, name, args) -> {
                    if (!name.equals("factory-reset")) {
                        throw new IllegalArgumentException("unknown amp-prov tag action " + name);
                    }
                    return ((AmpProvDevice) m).factoryReset();
                },
                List.of(new DeviceActs("factory-reset", new byte[0]),
                        new CounterpartStarts("beacon", (gw, last) -> ((AmpProvInfrastructure) gw).beacon()),
                        new CounterpartStarts("rekey", (gw, last) -> ((AmpProvInfrastructure) gw)
                                .rekey(ampProvAddress(last), 2)),
                        new CounterpartStarts("sensor-data", (gw, last) -> ((AmpProvInfrastructure) gw)
                                .requestSensorData(ampProvAddress(last), new byte[] {1}))),
                // R5: the gateway never answers a TagNonce twice; the tag broke R2 (a fresh TagNonce every time).
                Map.of("AMP-PROV-R5", "AMP-PROV-R2")).withPowerCycles(CasePlan.POWER_CYCLE_ONE_IN, true);
    }

    /** The local address in the tag's last frame (its PROV_CONFIRM or a protected uplink). */
    private static int ampProvAddress(byte[] last) {
        if (last == null) {
            throw new IllegalStateException("the tag sent nothing to take its local address from");
        }
        try {
            return last.length > 0 && (last[0] & 0xff) == FrameType.PROV_CONFIRM.code()
                    ? ProvConfirm.decode(last).localAddr() : ProtectedFrame.decode(last).localAddr();
        } catch (FrameDecodeException e) {
            throw new IllegalStateException("the tag's last frame is neither a PROV_CONFIRM nor a protected frame");
        }
    }

    private Scenario withPowerCycles(int oneIn, boolean acrossReplay) {
        return new Scenario(this, oneIn, acrossReplay, resealsSessionFrames);
    }

    private Scenario withSessionFramesResealed() {
        return new Scenario(this, powerCycleOneIn, replayAcrossPowerCycle, true);
    }

    private static Scenario aiotS9(AiotS9Personalization p) {
        return new Scenario(Profile.AIOT_S9,
                ctx -> new AiotS9Infrastructure(List.of(p), ctx, Set.of()),
                ctx -> new AiotS9Device(p, ctx, Set.of()),
                (m, name, args) -> {
                    throw new IllegalArgumentException("the aiot-s9 scenario starts no tag action");
                },
                List.of(new CounterpartStarts("page", (n, last) -> ((AiotS9Infrastructure) n).page(p.deviceId())),
                        new CounterpartStarts("command", (n, last) -> ((AiotS9Infrastructure) n)
                                .command(p.deviceId(), p.minimumPolicy(), DATA))),
                Map.of());
    }

    private static Scenario loRaWan(LoRaWanPersonalization p) {
        return new Scenario(Profile.LORAWAN,
                ctx -> new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(p), ctx, Set.of()),
                ctx -> new LoRaWanDevice(p, ctx, Set.of()),
                (m, name, args) -> {
                    LoRaWanDevice d = (LoRaWanDevice) m;
                    return switch (name) {
                        case "join" -> d.join();
                        case "send" -> d.sendData(java.util.Arrays.copyOfRange(args, 2, args.length), args[0] & 0xff,
                                args[1] == 1);
                        default -> throw new IllegalArgumentException("unknown lorawan tag action " + name);
                    };
                },
                List.of(new DeviceActs("join", new byte[0]),
                        new DeviceActs("send", new byte[] {1, 0, 'u', 'p'}),
                        new CounterpartStarts("downlink", (n, last) -> {
                            if (last == null || last.length < 5) {
                                throw new IllegalStateException("no uplink to take the DevAddr from");
                            }
                            int devAddr = (last[1] & 0xff) | (last[2] & 0xff) << 8 | (last[3] & 0xff) << 16
                                    | (last[4] & 0xff) << 24;
                            return ((LoRaWanNetwork) n).sendData(devAddr, DATA, 1, false);
                        })),
                // R3: the join server refuses a DevNonce not above the last; the device broke R2 (never reuse one).
                Map.of("LORAWAN-R3", "LORAWAN-R2"), 1);
    }
}
