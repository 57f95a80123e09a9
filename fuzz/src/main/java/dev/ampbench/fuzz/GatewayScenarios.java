package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.ampprov.AmpProvAuthServer;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.QrPayload;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.Aes;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.ProtocolMachine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scenarios that fuzz a gateway: the bench plays one tag of the gateway's table with the protocol module's
 * device machine, the reference model is the protocol module's conforming gateway serving the same table, and the
 * frames mutated are the tag's (docs/fuzzing.md, "Fuzzing a gateway"). The gateway's actions are started with the
 * arguments the emulator's firmware documents (ACTION over the wire), and the reference performs them the same way.
 */
final class GatewayScenarios {
    private GatewayScenarios() {
    }

    private static final byte[] DATA = "ampbench-fuzz".getBytes(StandardCharsets.US_ASCII);

    static Scenario of(Profile profile, List<?> secrets) {
        return switch (profile) {
            case AMP_SEC -> ampSec(records(secrets, AmpSecPersonalization.class));
            case AMP_PROV -> ampProv(records(secrets, AmpProvPersonalization.class));
            case AIOT_S9 -> aiotS9(records(secrets, AiotS9Personalization.class));
            case LORAWAN -> loRaWan(records(secrets, LoRaWanPersonalization.class));
        };
    }

    /** The record of the tag the bench plays in the gateway scenario of {@code profile} over this table. */
    static Object played(Profile profile, List<?> secrets) {
        return switch (profile) {
            case AMP_SEC -> records(secrets, AmpSecPersonalization.class).get(0);
            case AMP_PROV -> ampProvPlayed(records(secrets, AmpProvPersonalization.class));
            case AIOT_S9 -> records(secrets, AiotS9Personalization.class).get(0);
            case LORAWAN -> loRaWanPlayed(records(secrets, LoRaWanPersonalization.class));
        };
    }

    private static AmpProvPersonalization ampProvPlayed(List<AmpProvPersonalization> table) {
        return table.stream().filter(t -> t.mode() == KdfMode.STRONG).findFirst().orElse(table.get(0));
    }

    private static LoRaWanPersonalization loRaWanPlayed(List<LoRaWanPersonalization> table) {
        return table.stream().filter(t -> t.version() == LoRaWanVersion.V1_1).findFirst().orElse(table.get(0));
    }

    private static <T> List<T> records(List<?> secrets, Class<T> type) {
        return secrets.stream().map(o -> Scenario.cast(o, type)).toList();
    }

    /**
     * amp-sec AP: the AP pages the played STA (ACTION page, the SA), the STA answers with its Response, the AP
     * confirms, then the STA sends UplinkData. Mutated: the Response (SNonce, MIC, addresses, ANonceId...) and the
     * UplinkData (PN, CCM MIC); a replay repeats one of them.
     */
    private static Scenario ampSec(List<AmpSecPersonalization> table) {
        AmpSecPersonalization p = table.get(0);
        int a = p.parameters().format().addressLength();
        return Scenario.gateway(Profile.AMP_SEC,
                ctx -> new AmpSecStation(p, ctx, Set.of()),
                ctx -> new AmpSecAccessPoint(p.aa(), p.parameters(), table, ctx, Set.of()),
                (m, name, args) -> {
                    AmpSecAccessPoint ap = (AmpSecAccessPoint) m;
                    if (!name.equals("page") || args.length < a) {
                        throw new IllegalArgumentException("the amp-sec gateway scenario starts only page (SA)");
                    }
                    return ap.page(Arrays.copyOf(args, a), Arrays.copyOfRange(args, a, args.length));
                },
                List.of(new Scenario.DeviceActs("page", p.sa()),
                        new Scenario.CounterpartStarts("uplink", (sta, last) -> ((AmpSecStation) sta).sendData(DATA))),
                Map.of(), 0, f -> Optional.empty());
    }

    /**
     * amp-prov gateway: the onboarding scan of the played tag (ACTION enrol, its QR payload; the emulated gateway
     * keeps enrolments in RAM), the bench's tag factory-reset, the gateway's beacon, PROV_REQUEST, PROV_RESPONSE,
     * PROV_CONFIRM, then a sensor-data request to the local address the tag was given and its RES_SENSOR_DATA.
     * Mutated: PROV_REQUEST (TagNonce, KdfMode, GWID, IdHash), PROV_CONFIRM (MIC), RES_SENSOR_DATA (Seq, MIC). The
     * played tag is one in the STRONG KDF mode when the table has one, so a downgrade to SLIDES is reachable (R4).
     */
    private static Scenario ampProv(List<AmpProvPersonalization> table) {
        AmpProvPersonalization p = ampProvPlayed(table);
        byte[] qr = QrPayload.forPublicKey(p.deviceIdentity().tagPublicKey(), p.mode().bit()).encode();
        return Scenario.gateway(Profile.AMP_PROV,
                ctx -> new AmpProvDevice(p.deviceIdentity(), ctx, Set.of()),
                ctx -> {
                    AmpProvAuthServer as = new AmpProvAuthServer(p.asPrivateKey());
                    table.forEach(t -> as.register(t.deviceRecord()));
                    return new AmpProvInfrastructure(p.gatewayId(), as, ctx, Set.of());
                },
                (m, name, args) -> ampProvAction((AmpProvInfrastructure) m, name, args),
                List.of(new Scenario.DeviceActs("enrol", qr),
                        new Scenario.CounterpartStarts("factory-reset", (tag, last) -> ((AmpProvDevice) tag)
                                .factoryReset()),
                        new Scenario.DeviceActs("beacon", new byte[0]),
                        new Scenario.DeviceActsOn("request-sensor-data", tag -> {
                            int addr = ((AmpProvDevice) tag).localAddress().orElseThrow(
                                    () -> new IllegalStateException("the bench's tag has no local address"));
                            return new byte[] {(byte) (addr >> 8), (byte) addr, 1};
                        })),
                Map.of(), 0, f -> Optional.empty());
    }

    /** The amp-prov gateway actions the scenario starts, with the firmware's argument layout (big-endian). */
    private static List<Effect> ampProvAction(AmpProvInfrastructure gw, String name, byte[] args) {
        switch (name) {
            case "enrol":
                try {
                    if (!gw.enrol(QrPayload.decode(args))) {
                        throw new IllegalArgumentException("enrol: no registered tag has this QR code");
                    }
                } catch (FrameDecodeException e) {
                    throw new IllegalArgumentException("enrol takes a QR payload: " + e.getMessage(), e);
                }
                return List.of();
            case "beacon":
                return gw.beacon();
            case "request-sensor-data":
                if (args.length < 2) {
                    throw new IllegalArgumentException("request-sensor-data takes LocalAddr (2) and a query");
                }
                return gw.requestSensorData((args[0] & 0xff) << 8 | (args[1] & 0xff),
                        Arrays.copyOfRange(args, 2, args.length));
            default:
                throw new IllegalArgumentException("the amp-prov gateway scenario does not start " + name);
        }
    }

    /**
     * aiot-s9 AIoTF/reader: the gateway pages the played device (ACTION page, its ID), the device answers, then the
     * gateway sends a command under the device's minimum policy (ACTION command) and the device answers it. Mutated:
     * the PagingResponse and the CommandResponse (DeviceNonce, Mac, Policy, ProtectedDeviceId).
     */
    private static Scenario aiotS9(List<AiotS9Personalization> table) {
        AiotS9Personalization p = table.get(0);
        byte[] command = new byte[1 + p.deviceId().length + DATA.length];
        command[0] = (byte) p.minimumPolicy().ordinal();
        System.arraycopy(p.deviceId(), 0, command, 1, p.deviceId().length);
        System.arraycopy(DATA, 0, command, 1 + p.deviceId().length, DATA.length);
        return Scenario.gateway(Profile.AIOT_S9,
                ctx -> new AiotS9Device(p, ctx, Set.of()),
                ctx -> new AiotS9Infrastructure(table, ctx, Set.of()),
                (m, name, args) -> {
                    AiotS9Infrastructure gw = (AiotS9Infrastructure) m;
                    int id = p.deviceId().length;
                    return switch (name) {
                        case "page" -> gw.page(args);
                        case "command" -> gw.command(Arrays.copyOfRange(args, 1, 1 + id),
                                SecurityPolicy.values()[args[0]], Arrays.copyOfRange(args, 1 + id, args.length));
                        default -> throw new IllegalArgumentException("the aiot-s9 gateway scenario does not start "
                                + name);
                    };
                },
                List.of(new Scenario.DeviceActs("page", p.deviceId()), new Scenario.DeviceActs("command", command)),
                // R7: the device refuses a NetworkNonce it already accepted; the gateway broke R3 (a fresh one for
                // every paging and command).
                Map.of("AIOT-S9-R7", "AIOT-S9-R3"), 0, f -> Optional.empty());
    }

    /**
     * lorawan network and Join Server: the bench's device joins (JoinRequest, JoinAccept), then sends an unconfirmed
     * uplink. Mutated: the JoinRequest (DevNonce, MIC, EUIs) and the uplink (DevAddr, FCnt, MIC). The join is a
     * session phase as in the tag scenario (the bench's device has 65,536 DevNonces). The played identity is a
     * LoRaWAN 1.1 one when the table has one: a 1.1 device refuses a JoinAccept whose JoinNonce does not increase
     * (R5). The JoinNonce travels encrypted; the nonce oracle reads it by decrypting the JoinAccept with the played
     * identity's NwkKey, as that device does.
     */
    private static Scenario loRaWan(List<LoRaWanPersonalization> table) {
        LoRaWanPersonalization p = loRaWanPlayed(table);
        return Scenario.gateway(Profile.LORAWAN,
                ctx -> new LoRaWanDevice(p, ctx, Set.of()),
                ctx -> new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), table, ctx, Set.of()),
                (m, name, args) -> {
                    throw new IllegalArgumentException("the lorawan gateway scenario starts no gateway action");
                },
                List.of(new Scenario.CounterpartStarts("join", (d, last) -> ((LoRaWanDevice) d).join()),
                        new Scenario.CounterpartStarts("uplink", (d, last) -> ((LoRaWanDevice) d)
                                .sendData(new byte[] {'u', 'p'}, 1, false))),
                Map.of(), 1, f -> joinNonce(p, f));
    }

    /** The JoinNonce of a JoinAccept (MHDR, then aes_encrypt(NwkKey, rest) undoes its encryption): 3 octets. */
    static Optional<Scenario.HiddenNonce> joinNonce(LoRaWanPersonalization p, byte[] frame) {
        if (frame.length < 17 || (frame[0] & 0xe0) != 0x20 || (frame.length - 1) % 16 != 0) {
            return Optional.empty();
        }
        byte[] plain = Aes.ecbEncrypt(p.nwkKey(), Arrays.copyOfRange(frame, 1, frame.length));
        return Optional.of(new Scenario.HiddenNonce("JoinAccept", "JoinNonce", Arrays.copyOf(plain, 3)));
    }
}
