package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvDeviceIdentity;
import dev.ampbench.protocol.ampprov.AmpProvPairing;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a case drives a device of one profile and role to its states with valid exchanges: the counterpart the bench
 * plays (the protocol module's machine of the other role), the conforming reference model of the device, and the
 * phases of one full valid scenario. A case runs the phases and mutates the n-th frame the bench injects, so the
 * mutated frame meets the device in the state the earlier frames drove it to.
 *
 * <p>Today's scenarios fuzz the tag role (the bench plays the gateway); see docs/fuzzing.md.
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

    private final Profile profile;
    private final Role role;
    private final Function<MachineContext, ProtocolMachine> counterpart;
    private final Function<MachineContext, ProtocolMachine> reference;
    private final MachineTarget.Actions actions;
    private final List<Phase> phases;
    private final Map<String, String> revealed;
    private final int session;

    private Scenario(Profile profile, Function<MachineContext, ProtocolMachine> counterpart,
                     Function<MachineContext, ProtocolMachine> reference, MachineTarget.Actions actions,
                     List<Phase> phases, Map<String, String> revealed) {
        this(profile, counterpart, reference, actions, phases, revealed, 0);
    }

    private Scenario(Profile profile, Function<MachineContext, ProtocolMachine> counterpart,
                     Function<MachineContext, ProtocolMachine> reference, MachineTarget.Actions actions,
                     List<Phase> phases, Map<String, String> revealed, int session) {
        this.profile = profile;
        this.role = Role.DEVICE;
        this.counterpart = counterpart;
        this.reference = reference;
        this.actions = actions;
        this.phases = List.copyOf(phases);
        this.revealed = Map.copyOf(revealed);
        this.session = session;
    }

    /**
     * How many leading phases set up a session that later cases may reuse instead of repeating (0: every case runs
     * every phase). LoRaWAN: the join, because a device has only 65,536 DevNonces per JoinEUI (LORAWAN-R2) and a
     * campaign that joined in every case would use them up; such cases join only when their plan says so.
     */
    public int sessionPhases() {
        return session;
    }

    /**
     * The device rule a refusal by the counterpart reveals. The counterpart names the rule it enforces (a LoRaWAN
     * join server refusing a DevNonce that is not above the last, LORAWAN-R3); the device broke the rule on its own
     * side (its DevNonce must never repeat, LORAWAN-R2). Rules without a device-side twin are returned as they are.
     */
    public String deviceRuleRevealedBy(String counterpartRule) {
        return revealed.getOrDefault(counterpartRule, counterpartRule);
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

    /** A new counterpart machine (the gateway the bench plays) on {@code ctx}. */
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

    private static <T> T cast(Object o, Class<T> type) {
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + " secrets, got "
                    + o.getClass().getSimpleName());
        }
        return type.cast(o);
    }

    private static final byte[] DATA = "ampbench-fuzz".getBytes(StandardCharsets.US_ASCII);

    private static Scenario ampSec(AmpSecPersonalization p) {
        return new Scenario(Profile.AMP_SEC,
                ctx -> new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p), ctx, Set.of()),
                ctx -> new AmpSecStation(p, ctx, Set.of()),
                (m, name, args) -> {
                    throw new IllegalArgumentException("the amp-sec scenario starts no tag action");
                },
                List.of(new CounterpartStarts("page", (ap, last) -> ((AmpSecAccessPoint) ap).page(p.sa())),
                        new CounterpartStarts("send", (ap, last) -> ((AmpSecAccessPoint) ap).sendData(p.sa(), DATA))),
                Map.of());
    }

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
                        new CounterpartStarts("beacon", (gw, last) -> ((dev.ampbench.protocol.ampprov
                                .AmpProvInfrastructure) gw).beacon())),
                // R5: the gateway never answers a TagNonce twice; the tag broke R2 (a fresh TagNonce every time).
                Map.of("AMP-PROV-R5", "AMP-PROV-R2"));
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
