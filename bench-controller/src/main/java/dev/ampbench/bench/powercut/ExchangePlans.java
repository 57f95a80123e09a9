package dev.ampbench.bench.powercut;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.Command;
import dev.ampbench.protocol.aiots9.CommandResponse;
import dev.ampbench.protocol.aiots9.Paging;
import dev.ampbench.protocol.aiots9.PagingResponse;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.ampprov.AmpProvAuthServer;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.ampprov.QrPayload;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.ampsec.PmkUpdateFrame;
import dev.ampbench.protocol.ampsec.ResponseFrame;
import dev.ampbench.protocol.ampsec.TriggerFrame;
import dev.ampbench.protocol.ampsec.UplinkDataFrame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.Aes;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.lorawan.CounterRecord;
import dev.ampbench.protocol.lorawan.DataFrame;
import dev.ampbench.protocol.lorawan.JoinRequest;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The exchange each profile and role is cut in, and what is checked after power returns (docs/power-cut-campaigns.md).
 */
public final class ExchangePlans {
    private ExchangePlans() {
    }

    /** The plan for a profile and role, empty when the campaign does not cover that pair. */
    public static Optional<ExchangePlan> of(Profile profile, Role role) {
        boolean tag = role == Role.DEVICE;
        return Optional.ofNullable(switch (profile) {
            case AMP_SEC -> tag ? new AmpSecTag() : new AmpSecGateway();
            case AMP_PROV -> tag ? new AmpProvTag() : new AmpProvGateway();
            case AIOT_S9 -> tag ? new AiotS9Tag() : new AiotS9Gateway();
            case LORAWAN -> tag ? new LoRaWanTag() : new LoRaWanGateway();
        });
    }

    private static MachineContext fresh(MachineContext bench) {
        return new MachineContext(bench.random(), bench.clock(), new InMemoryStore());
    }

    /**
     * Whether the DUT delivered application data in a run (its LOG {@code delivered N octets}): it accepted a
     * protected data frame or command response of the bench's before the power went.
     */
    static boolean deliveredBeforeCut(ExchangeRunner.Outcome run) {
        return run.dutReports.stream().anyMatch(r -> r.startsWith("LOG delivered "));
    }

    /** The last frame the bench put on the air in a run that {@code is} recognizes. */
    static Optional<byte[]> lastBenchFrame(ExchangeRunner.Outcome run, java.util.function.Predicate<byte[]> is) {
        Optional<byte[]> found = Optional.empty();
        for (dev.ampbench.bench.conductor.AirFrame f : run.frames) {
            if (!f.fromDut() && is.test(f.bytes())) {
                found = Optional.of(f.bytes());
            }
        }
        return found;
    }

    /** The frame among a machine's effects. */
    private static Optional<byte[]> transmitted(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Transmit).map(e -> ((Effect.Transmit) e).frame())
                .findFirst();
    }

    private static boolean decodes(ThrowingDecoder d, byte[] frame) {
        try {
            d.decode(frame);
            return true;
        } catch (FrameDecodeException | RuntimeException e) {
            return false;
        }
    }

    private interface ThrowingDecoder {
        void decode(byte[] frame) throws FrameDecodeException;
    }

    private abstract static class Base implements ExchangePlan {
        private final Profile profile;
        private final Role role;

        Base(Profile profile, Role role) {
            this.profile = profile;
            this.role = role;
        }

        @Override
        public Profile profile() {
            return profile;
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public String toString() {
            return profile.id() + " " + role.cliName();
        }
    }

    // ------------------------------------------------------------------------------------------------ amp-sec

    /**
     * STA: Trigger, Response, Confirm, then a PmkUpdate to the next PMK generation, which the STA acknowledges with
     * EVENT ESTABLISHED once committed. After power: nothing sent before a new handshake, fresh SNonce (R3, R9); the
     * Response names at least the newest generation the STA acknowledged before the power went (R12).
     */
    static final class AmpSecTag extends Base {
        /**
         * One AP for the whole campaign: the STA's PMK generation moves on with every PmkUpdate it commits, and only
         * the AP that sent the updates knows the PMKs (it accepts the current generation, or the previous one
         * until a verified Response settles an update, R13).
         */
        private AmpSecAccessPoint ap;
        /** The newest PMK generation the STA acknowledged (EVENT ESTABLISHED after the PmkUpdate), -1: none yet. */
        private int acknowledged = -1;
        private String acknowledgedWhere = "";

        private static final byte[] UPLINK = "pc up".getBytes(StandardCharsets.UTF_8);
        private static final byte[] DOWNLINK = "pc down".getBytes(StandardCharsets.UTF_8);

        AmpSecTag() {
            super(Profile.AMP_SEC, Role.DEVICE);
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            AmpSecPersonalization p = dut.secrets(AmpSecPersonalization.class).get(0);
            if (ap == null) {
                ap = new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p), bench, Set.of());
            }
            AmpSecAccessPoint a = ap;
            return new Counterpart(a, List.of(Phase.bench("handshake", a::trigger),
                    Phase.bench("PMK update", () -> a.updatePmk(p.sa()))
                            .until(ExchangeRunner.Progress::dutEstablished),
                    Phase.action("uplink data", "send", UPLINK).until(ExchangeRunner.Progress::counterpartDelivered),
                    Phase.bench("downlink data", () -> a.sendData(p.sa(), DOWNLINK))
                            .until(ExchangeRunner.Progress::dutDelivered)));
        }

        /**
         * The STA acknowledged the PmkUpdate of a run when it reported EVENT ESTABLISHED a second time (the first is
         * the handshake's): the generation is the one the bench's PmkUpdate carried, not the DUT's wording.
         */
        @Override
        public void observe(ExchangeRunner.Outcome run) {
            long established = run.dutReports.stream().filter(r -> r.startsWith("EVENT ESTABLISHED")).count();
            if (established < 2) {
                return;
            }
            for (dev.ampbench.bench.conductor.AirFrame f : run.frames) {
                if (f.fromDut()) {
                    continue;
                }
                try {
                    int g = PmkUpdateFrame.decode(f.bytes()).newGeneration();
                    if (g > acknowledged) {
                        acknowledged = g;
                        acknowledgedWhere = run.cut().isPresent() ? "in the run this power cut interrupted"
                                : "in an earlier run";
                    }
                } catch (FrameDecodeException notAnUpdate) {
                    // a Trigger or Confirm
                }
            }
        }

        /**
         * R12: a STA that acknowledged generation g must answer the Trigger after power returned under g (or a
         * later one), never an older one: the AP would take the previous generation (R13), so only the STA's own
         * acknowledgement shows the update was not committed to non-volatile memory.
         */
        @Override
        public Optional<Violation> recovery(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner.Outcome again,
                                            ExchangeRunner runner) throws LabFault {
            for (dev.ampbench.bench.conductor.AirFrame f : again.fromDut()) {
                try {
                    int named = ResponseFrame.decode(f.bytes()).pmkGeneration();
                    if (named < acknowledged) {
                        return Optional.of(new Violation("AMP-SEC-R12", "acknowledged PMK generation "
                                + acknowledged + " (EVENT ESTABLISHED after the PmkUpdate, " + acknowledgedWhere
                                + "), but after power returned answered the Trigger under generation " + named
                                + ": the update was not committed to non-volatile memory"));
                    }
                    break;
                } catch (FrameDecodeException notAResponse) {
                    // not the Response
                }
            }
            return super.recovery(dut, cut, again, runner);
        }

        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                return Optional.of(ResponseFrame.decode(frame).snonce());
            } catch (FrameDecodeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String nonceName() {
            return "SNonce";
        }

        @Override
        public String nonceRule() {
            return "AMP-SEC-R3";
        }

        @Override
        public String recoveryRule() {
            return "AMP-SEC-R9";
        }

        /**
         * R9 both ways, right after boot. ACTION send: a STA without a session queues it (the wait ends on its
         * ACTION_DONE), one that kept its keys sends it. Then a DownlinkData under the session the AP holds (the
         * STA's newest, which the power cut ended): the STA must refuse it (R15, no session), never deliver it.
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            byte[] data = "after power-on".getBytes(StandardCharsets.UTF_8);
            WireMessage r = runner.command(tid -> new WireMessage.Action(tid, Profile.AMP_SEC, "send", data));
            Optional<String> sent = Optional.empty();
            if (r instanceof WireMessage.Ack) { // refusing to send without a session is as good as queueing it
                sent = runner.emittedBy("send", runner.quiet()).map(f -> "sent " + Hex.encode(f) + " right after "
                        + "power-on, before any handshake (under the keys of the session the cut ended)");
            }
            Optional<String> took = oldSessionDownlink(dut, runner);
            if (sent.isPresent()) {
                return Optional.of(new Violation("AMP-SEC-R9", sent.get() + took.map(t -> "; also " + t)
                        .orElse("")));
            }
            return took.map(t -> new Violation("AMP-SEC-R9", t));
        }

        private Optional<String> oldSessionDownlink(Dut dut, ExchangeRunner runner) throws LabFault {
            byte[] sa = dut.secrets(AmpSecPersonalization.class).get(0).sa();
            Optional<byte[]> dl;
            try {
                dl = transmitted(ap.sendData(sa, "old session".getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalStateException noSession) {
                return Optional.empty(); // the AP holds no session with the STA (PN space used up): nothing to send
            }
            if (dl.isEmpty()) {
                return Optional.empty();
            }
            ExchangeRunner.Reaction re = runner.inject(dl.get(), runner.quiet());
            return re.accepted() ? Optional.of("took DownlinkData " + Hex.encode(dl.get()) + " under the keys of the "
                    + "session the cut ended, before any handshake: " + re) : Optional.empty();
        }
    }

    /** AP: ACTION trigger, the bench STA's Response, the AP's Confirm. Fresh ANonce every Trigger (R4). */
    static final class AmpSecGateway extends Base {
        private static final byte[] UPLINK = "pc up".getBytes(StandardCharsets.UTF_8);
        private static final byte[] DOWNLINK = "pc down".getBytes(StandardCharsets.UTF_8);

        AmpSecGateway() {
            super(Profile.AMP_SEC, Role.INFRASTRUCTURE);
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            AmpSecPersonalization p = dut.secrets(AmpSecPersonalization.class).get(0);
            AmpSecStation sta = new AmpSecStation(p, fresh(bench), Set.of());
            byte[] sendArgs = java.util.Arrays.copyOf(p.sa(), p.sa().length + DOWNLINK.length);
            System.arraycopy(DOWNLINK, 0, sendArgs, p.sa().length, DOWNLINK.length);
            return new Counterpart(sta, List.of(Phase.action("handshake", "trigger", new byte[0]),
                    Phase.bench("uplink data", () -> sta.sendData(UPLINK)).until(ExchangeRunner.Progress::dutDelivered),
                    Phase.action("downlink data", "send", sendArgs)
                            .until(ExchangeRunner.Progress::counterpartDelivered)));
        }

        /**
         * The AP keeps its sessions in RAM (docs/protocols/amp-sec.md section 7), but whatever it keeps, an
         * UplinkData it delivered before the power went must not be delivered again after (R10: its PN is not above
         * the last accepted one; without the session, R15). Replayed only when it was delivered before the cut.
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            if (!deliveredBeforeCut(cut)) {
                return Optional.empty();
            }
            Optional<byte[]> up = lastBenchFrame(cut, f -> decodes(UplinkDataFrame::decode, f));
            if (up.isEmpty()) {
                return Optional.empty();
            }
            ExchangeRunner.Reaction re = runner.inject(up.get(), runner.quiet());
            return re.accepted() ? Optional.of(new Violation("AMP-SEC-R10", "delivered UplinkData "
                    + Hex.encode(up.get()) + " before the power went and took it again, replayed, after power "
                    + "returned: " + re)) : Optional.empty();
        }

        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                return Optional.of(TriggerFrame.decode(frame).anonce());
            } catch (FrameDecodeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String nonceName() {
            return "ANonce";
        }

        @Override
        public String nonceRule() {
            return "AMP-SEC-R4";
        }

        @Override
        public String recoveryRule() {
            return "AMP-SEC-R15";
        }
    }

    // ------------------------------------------------------------------------------------------------ amp-prov

    /**
     * Tag: factory reset, then BEACON, REQUEST, RESPONSE, CONFIRM. After power: a tag that was not provisioned
     * answers the next beacon (R1); one that took a verified PROV_RESPONSE may instead keep its address and keys
     * (R8); one that completed provisioning must not answer beacons again (R8); fresh TagNonce (R2).
     */
    static final class AmpProvTag extends Base {
        /** The local address the bench's gateway gives the tag. */
        private static final int ADDR = 1;
        private static final byte REKEY = 0x12;
        private static final byte REKEY_ACK = 0x13;

        AmpProvTag() {
            super(Profile.AMP_PROV, Role.DEVICE);
        }

        @Override
        public void prepare(Dut dut) throws LabFault {
            WireMessage r = dut.wire().request(tid -> new WireMessage.Action(tid, Profile.AMP_PROV, "factory-reset",
                    new byte[0]));
            if (!(r instanceof WireMessage.Ack)) {
                throw new LabFault(dut.name() + " refused ACTION factory-reset, which every run starts from: " + r);
            }
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            AmpProvPersonalization p = dut.secrets(AmpProvPersonalization.class).get(0);
            AmpProvAuthServer as = new AmpProvAuthServer(p.asPrivateKey());
            as.register(p.deviceRecord());
            AmpProvInfrastructure gw = new AmpProvInfrastructure(p.gatewayId(), as, fresh(bench), Set.of());
            gw.allocateFrom(ADDR);
            if (!gw.enrol(QrPayload.forPublicKey(p.deviceIdentity().tagPublicKey(), p.mode().bit()))) {
                throw new IllegalStateException("the tag's own QR payload did not enrol it at the bench gateway");
            }
            return new Counterpart(gw, List.of(Phase.bench("provisioning", gw::beacon),
                    Phase.bench("REKEY to TK2", () -> gw.rekey(ADDR, 2))
                            .until(ExchangeRunner.Progress::counterpartEstablished),
                    Phase.bench("REKEY to TK1", () -> gw.rekey(ADDR, 1))
                            .until(ExchangeRunner.Progress::counterpartEstablished),
                    Phase.bench("sensor data", () -> gw.requestSensorData(ADDR, new byte[] {2}))
                            .until(ExchangeRunner.Progress::counterpartDelivered)));
        }

        /**
         * When the tag acknowledged both REKEYs of the cut run, the first one (a lower Cntr) replayed after power
         * returns must not be acknowledged: the key counter only moves forward, also across power loss (R9).
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            long rekeyed = cut.counterpartEffects().stream().filter(e -> e instanceof Effect.Established x
                    && x.what().contains("re-keyed")).count();
            Optional<byte[]> first = cut.frames.stream().filter(f -> !f.fromDut() && f.bytes()[0] == REKEY)
                    .map(f -> f.bytes()).findFirst();
            if (rekeyed < 2 || first.isEmpty()) {
                return Optional.empty();
            }
            WireMessage r = runner.command(tid -> new WireMessage.AirInject(tid, Profile.AMP_PROV, 0, 0x7F, 0xFFFF,
                    first.get()));
            if (!(r instanceof WireMessage.Ack)) {
                return Optional.empty();
            }
            return runner.emittedUnlessRejected(runner.quiet()).filter(f -> f.length > 0 && f[0] == REKEY_ACK)
                    .map(f -> new Violation("AMP-PROV-R9", "after power loss acknowledged the first REKEY of the "
                            + "cut run again (" + Hex.encode(first.get()) + " answered by " + Hex.encode(f)
                            + "), although it had acknowledged a later one: its key counter went back"));
        }

        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                return Optional.of(ProvRequest.decode(frame).tagNonce());
            } catch (FrameDecodeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String nonceName() {
            return "TagNonce";
        }

        @Override
        public String nonceRule() {
            return "AMP-PROV-R2";
        }

        @Override
        public String recoveryRule() {
            return "AMP-PROV-R1";
        }

        @Override
        public String blame(String counterpartRule) {
            return counterpartRule.equals("AMP-PROV-R5") ? "AMP-PROV-R2" : counterpartRule;
        }

        @Override
        public Optional<Violation> recovery(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner.Outcome again,
                                            ExchangeRunner runner) throws LabFault {
            boolean provisioned = cut.dutReports.stream().anyMatch(s -> s.startsWith("EVENT ESTABLISHED"));
            Optional<ProvResponse> response = cut.frames.stream().filter(f -> !f.fromDut())
                    .map(f -> provResponse(f.bytes())).flatMap(Optional::stream).findFirst();
            boolean answered = !again.fromDut().isEmpty();
            if (provisioned && answered) {
                return Optional.of(new Violation("AMP-PROV-R8", "completed provisioning (EVENT ESTABLISHED) before "
                        + "the cut, yet answered the next beacon: it lost its provisioning"
                        + insideWrite(cut).map(w -> " (the cut came inside its write of " + w + ", which it could "
                        + "not read back whole)").orElse(" record") + "; air after power: " + again.frames()));
            }
            if (!answered && response.isEmpty()) {
                return Optional.of(new Violation("AMP-PROV-R1", "left provisioning mode without a verified "
                        + "PROV_RESPONSE: silent on the beacon after power returned"));
            }
            if (answered && !again.completed()) {
                return Optional.of(new Violation("AMP-PROV-R1", "could not complete provisioning after power "
                        + "returned: " + again.summary()));
            }
            if (!answered) {
                return keptKeys(cut, response.get(), runner);
            }
            return Optional.empty();
        }

        /**
         * A tag that stayed provisioned across the cut must still hold the local address and keys of its
         * PROV_RESPONSE: the gateway of the cut run (which holds them too) asks it for sensor data and must get an
         * answer that verifies.
         */
        private static Optional<Violation> keptKeys(ExchangeRunner.Outcome cut, ProvResponse response,
                                                    ExchangeRunner runner) throws LabFault {
            AmpProvInfrastructure gw = (AmpProvInfrastructure) cut.machine().machine();
            int addr = response.localAddr();
            byte[] query = {1};
            List<Phase> phases = new java.util.ArrayList<>();
            if (gw.tagState(response.idHash()).filter(AmpProvInfrastructure.TAG_REKEY_PENDING::equals).isPresent()) {
                // The cut came inside a REKEY: the tag may be on either key; the REKEY again settles it (R9).
                phases.add(Phase.bench("REKEY again", () -> gw.retryRekey(addr))
                        .until(ExchangeRunner.Progress::counterpartEstablished));
            }
            phases.add(Phase.bench("sensor data", () -> gw.requestSensorData(addr, query))
                    .until(ExchangeRunner.Progress::counterpartDelivered));
            ExchangeRunner.Outcome o = runner.run(new Counterpart(gw, phases), null, 0);
            if (o.completed()) {
                return Optional.empty();
            }
            Optional<String> rekeyed = cut.counterpartEffects().stream().filter(e -> e instanceof Effect.Established x
                    && x.what().contains("re-keyed")).map(e -> ((Effect.Established) e).what()).reduce((a, b) -> b);
            Optional<String> torn = insideWrite(cut);
            if (torn.isPresent()) {
                // A record torn by the cut, not a counter the firmware forgot: the key state did not survive (R8).
                return Optional.of(new Violation("AMP-PROV-R8", "the cut came inside its write of " + torn.get()
                        + "; after power returned it stayed provisioned but does not answer a sensor-data request "
                        + "under the keys it held before (local address " + addr + "): its key state did not "
                        + "survive the torn write; " + o.summary()));
            }
            if (rekeyed.isPresent()) {
                return Optional.of(new Violation("AMP-PROV-R9", "acknowledged a REKEY before the cut (" + rekeyed.get()
                        + "), but after power returned does not answer under that key: its key counter went back; "
                        + o.summary()));
            }
            return Optional.of(new Violation(o.counterpartRejection().map(r -> r.rule().id()).orElse("AMP-PROV-R8"),
                    "stayed provisioned across the cut (silent on the beacon) but did not answer a sensor-data "
                            + "request under the keys of its PROV_RESPONSE (local address " + addr + "): "
                            + o.summary()));
        }

        /** The record being written when the power went, when the cut was on an EVENT NV_WRITE_BEGIN. */
        private static Optional<String> insideWrite(ExchangeRunner.Outcome cut) {
            String prefix = "EVENT NV_WRITE_BEGIN ";
            return cut.cut().map(ExchangeRunner.Cut::event).filter(e -> e.startsWith(prefix))
                    .map(e -> e.substring(prefix.length()));
        }

        private static Optional<ProvResponse> provResponse(byte[] frame) {
            try {
                return Optional.of(ProvResponse.decode(frame));
            } catch (FrameDecodeException e) {
                return Optional.empty();
            }
        }

    }

    /**
     * Gateway: ACTION enrol (the onboarding scan, which lets the tag be provisioned again), then ACTION beacon:
     * BEACON, the bench tag's REQUEST, RESPONSE, the bench tag's CONFIRM. Fresh TkNonce in every PROV_RESPONSE (R6).
     */
    static final class AmpProvGateway extends Base {
        AmpProvGateway() {
            super(Profile.AMP_PROV, Role.INFRASTRUCTURE);
        }

        @Override
        public void prepare(Dut dut) throws LabFault {
            AmpProvPersonalization p = dut.secrets(AmpProvPersonalization.class).get(0);
            byte[] qr = QrPayload.forPublicKey(p.deviceIdentity().tagPublicKey(), p.mode().bit()).encode();
            WireMessage r = dut.wire().request(tid -> new WireMessage.Action(tid, Profile.AMP_PROV, "enrol", qr));
            if (!(r instanceof WireMessage.Ack)) {
                throw new LabFault(dut.name() + " refused ACTION enrol of its own first tag, which every run starts "
                        + "from: " + r);
            }
        }

        /** Whether an enrolment survives the gateway's power loss is not a rule: the scan is repeated. */
        @Override
        public boolean prepareAfterCut() {
            return true;
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            AmpProvPersonalization p = dut.secrets(AmpProvPersonalization.class).get(0);
            AmpProvDevice tag = new AmpProvDevice(p.deviceIdentity(), fresh(bench), Set.of());
            return new Counterpart(tag, List.of(Phase.action("provisioning", "beacon", new byte[0]),
                    Phase.action("REKEY to TK2", "rekey", () -> withAddr(tag, new byte[] {2}))
                            .until(ExchangeRunner.Progress::dutEstablished),
                    Phase.action("sensor data", "request-sensor-data", () -> withAddr(tag, QUERY))
                            .until(ExchangeRunner.Progress::dutDelivered)));
        }

        private static final byte[] QUERY = {2};
        private static final byte RES_SENSOR_DATA = 0x11;

        /** An ACTION's arguments: the bench tag's LocalAddr (2, big-endian) from its PROV_RESPONSE, then {@code rest}. */
        private static byte[] withAddr(AmpProvDevice tag, byte[] rest) {
            int addr = tag.localAddress().orElseThrow(() -> new IllegalStateException(
                    "the bench tag has no local address: provisioning did not complete"));
            byte[] a = new byte[2 + rest.length];
            a[0] = (byte) (addr >>> 8);
            a[1] = (byte) addr;
            System.arraycopy(rest, 0, a, 2, rest.length);
            return a;
        }

        /**
         * Right after boot. A RES_SENSOR_DATA the gateway delivered before the cut, replayed, must be refused: it
         * echoes no outstanding request (R12; a gateway that lost its table ignores it, and the wait is the quiet
         * time). Then, towards the tag of the cut run (which kept its records, R8): ACTION request-sensor-data and
         * ACTION rekey. A gateway that lost the session refuses them (the emulator's, whose table is RAM: the next
         * provisioning starts over); one that kept it must send frames the tag accepts: a Seq above the last one the
         * tag accepted (R12) under the tag's current key (R10), a REKEY with a Cntr above the tag's current one (R9).
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            if (deliveredBeforeCut(cut)) {
                Optional<byte[]> answer = lastBenchFrame(cut, f -> f.length > 0 && f[0] == RES_SENSOR_DATA);
                if (answer.isPresent()) {
                    ExchangeRunner.Reaction re = runner.inject(answer.get(), runner.quiet());
                    if (re.accepted()) {
                        return Optional.of(new Violation("AMP-PROV-R12", "accepted RES_SENSOR_DATA "
                                + Hex.encode(answer.get()) + " before the power went and again, replayed, after "
                                + "power returned: " + re));
                    }
                }
            }
            AmpProvDevice tag = (AmpProvDevice) cut.machine().machine();
            if (tag.localAddress().isEmpty()) {
                return Optional.empty(); // the tag was never provisioned: nothing kept to check
            }
            Optional<Violation> v = keptSession(runner, tag, "request-sensor-data", withAddr(tag, QUERY));
            return v.isPresent() ? v : keptSession(runner, tag, "rekey", withAddr(tag, new byte[] {1}));
        }

        private static Optional<Violation> keptSession(ExchangeRunner runner, AmpProvDevice tag, String action,
                                                       byte[] args) throws LabFault {
            WireMessage r = runner.command(tid -> new WireMessage.Action(tid, Profile.AMP_PROV, action, args));
            if (!(r instanceof WireMessage.Ack)) {
                return Optional.empty(); // no session after power loss: the tag must be provisioned again
            }
            Optional<byte[]> sent = runner.emittedBy(action, runner.quiet());
            if (sent.isEmpty()) {
                return Optional.empty();
            }
            for (Effect e : tag.receive(sent.get())) {
                if (e instanceof Effect.Rejected x) {
                    return Optional.of(new Violation(gatewayRule(x.rule().id()), "kept the tag's session across "
                            + "its power loss but its ACTION " + action + " sent " + Hex.encode(sent.get())
                            + ", which the tag refuses (" + x.rule().id() + ": " + x.reason() + ")"));
                }
            }
            return Optional.empty();
        }

        /**
         * The gateway's rule behind the tag's refusal: a Seq at or below the last accepted is the gateway reusing a
         * sequence value (R12); a frame under a key other than the current one, or a REKEY whose Cntr does not
         * advance, is its key counter going back (R9).
         */
        static String gatewayRule(String tagRule) {
            return switch (tagRule) {
                case "AMP-PROV-R10", "AMP-PROV-R9" -> "AMP-PROV-R9";
                default -> tagRule;
            };
        }

        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                return Optional.of(ProvResponse.decode(frame).tkNonce());
            } catch (FrameDecodeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String nonceName() {
            return "TkNonce";
        }

        @Override
        public String nonceRule() {
            return "AMP-PROV-R6";
        }

        @Override
        public String recoveryRule() {
            return "AMP-PROV-R7";
        }
    }

    // ------------------------------------------------------------------------------------------------ aiot-s9

    /** The policy of the campaign's commands: the strongest, never below a device's configured minimum (R6). */
    private static final SecurityPolicy COMMAND_POLICY = SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY;
    private static final byte[] COMMAND = "pc cmd".getBytes(StandardCharsets.UTF_8);

    /**
     * Device: paging, paging response; command, command response. Fresh DeviceNonce in every response, across power
     * loss (R4). The device keeps nothing across power loss (its replay window is RAM), so a command replayed after
     * power returned is accepted by design (docs/protocols/aiot-s9.md section 9): no check of it.
     */
    static final class AiotS9Tag extends Base {
        AiotS9Tag() {
            super(Profile.AIOT_S9, Role.DEVICE);
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            AiotS9Personalization p = dut.secrets(AiotS9Personalization.class).get(0);
            AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), fresh(bench), Set.of());
            return new Counterpart(infra, List.of(Phase.bench("paging", () -> infra.page(p.deviceId())),
                    Phase.bench("command", () -> infra.command(p.deviceId(), COMMAND_POLICY, COMMAND))
                            .until(ExchangeRunner.Progress::counterpartDelivered)));
        }

        /** The DeviceNonce of a PagingResponse or a CommandResponse: the device draws one for every response. */
        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                return Optional.of(PagingResponse.decode(frame).deviceNonce());
            } catch (FrameDecodeException notPaging) {
                try {
                    return Optional.of(CommandResponse.decode(frame).deviceNonce());
                } catch (FrameDecodeException e) {
                    return Optional.empty();
                }
            }
        }

        @Override
        public String nonceName() {
            return "DeviceNonce";
        }

        @Override
        public String nonceRule() {
            return "AIOT-S9-R4";
        }

        @Override
        public String recoveryRule() {
            return "AIOT-S9-R5";
        }
    }

    /**
     * AIoTF: ACTION page, the bench device's response; ACTION command, the bench device's response. Fresh NetworkNonce
     * in every paging and command (R3); a command response it accepted is not accepted again after power loss (R9).
     */
    static final class AiotS9Gateway extends Base {
        AiotS9Gateway() {
            super(Profile.AIOT_S9, Role.INFRASTRUCTURE);
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            AiotS9Personalization p = dut.secrets(AiotS9Personalization.class).get(0);
            AiotS9Device device = new AiotS9Device(p, fresh(bench), Set.of());
            byte[] command = new byte[1 + p.deviceId().length + COMMAND.length];
            command[0] = (byte) COMMAND_POLICY.ordinal();
            System.arraycopy(p.deviceId(), 0, command, 1, p.deviceId().length);
            System.arraycopy(COMMAND, 0, command, 1 + p.deviceId().length, COMMAND.length);
            return new Counterpart(device, List.of(Phase.action("paging", "page", p.deviceId()),
                    Phase.action("command", "command", command).until(ExchangeRunner.Progress::dutDelivered)));
        }

        /** The NetworkNonce of a Paging or a Command: the AIoTF draws one for every request (R3). */
        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                return Optional.of(Paging.decode(frame).networkNonce());
            } catch (FrameDecodeException notPaging) {
                try {
                    return Optional.of(Command.decode(frame).networkNonce());
                } catch (FrameDecodeException e) {
                    return Optional.empty();
                }
            }
        }

        /**
         * A CommandResponse the AIoTF accepted before the power went, replayed after: it answers no outstanding
         * command (its table is gone, or the command was answered once already), so it must be refused (R9).
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            if (!deliveredBeforeCut(cut)) {
                return Optional.empty();
            }
            Optional<byte[]> answer = lastBenchFrame(cut, f -> decodes(CommandResponse::decode, f));
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            ExchangeRunner.Reaction re = runner.inject(answer.get(), runner.quiet());
            return re.accepted() ? Optional.of(new Violation("AIOT-S9-R9", "accepted CommandResponse "
                    + Hex.encode(answer.get()) + " before the power went and again, replayed, after power returned: "
                    + re)) : Optional.empty();
        }

        @Override
        public String nonceName() {
            return "NetworkNonce";
        }

        @Override
        public String nonceRule() {
            return "AIOT-S9-R3";
        }

        @Override
        public String recoveryRule() {
            return "AIOT-S9-R5";
        }
    }

    // ------------------------------------------------------------------------------------------------ lorawan

    /**
     * End device: ACTION join (JoinRequest, JoinAccept), then one unconfirmed uplink so the session has used a
     * frame counter, a confirmed downlink and the uplink that acknowledges it. After power: DevNonce never reused
     * (R2); either rejoin or resume with the counters it persisted, never a restarted FCnt in the old session, up or
     * down (R8).
     */
    static final class LoRaWanTag extends Base {
        LoRaWanTag() {
            super(Profile.LORAWAN, Role.DEVICE);
        }

        @Override
        public void begin(Dut dut, MachineContext bench) throws LabFault {
            LoRaWanPersonalization p = dut.secrets(LoRaWanPersonalization.class).get(0);
            OptionalLong last = CounterRecord.decode(dut.nvRead(LoRaWanDevice.NVM_JOIN_NONCE));
            bench.store().write(LoRaWanNetwork.joinNonceRecord(p.devEui()), CounterRecord.encode(last.orElse(0)));
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            LoRaWanPersonalization p = dut.secrets(LoRaWanPersonalization.class).get(0);
            LoRaWanNetwork net = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(p), bench, Set.of());
            return new Counterpart(net, List.of(Phase.action("join", "join", new byte[0]),
                    Phase.action("uplink", "send", new byte[] {1, 0, 'p', 'c'})
                            .until(ExchangeRunner.Progress::counterpartDelivered),
                    Phase.bench("confirmed downlink", () -> net.sendData(net.devAddr(p.devEui()).orElseThrow(),
                            DOWNLINK, 1, true)).until(ExchangeRunner.Progress::dutDelivered),
                    Phase.action("uplink with ACK", "send", new byte[] {1, 0, 'a', 'k'})
                            .until(ExchangeRunner.Progress::counterpartDelivered)));
        }

        private static final byte[] DOWNLINK = "pc dn".getBytes(StandardCharsets.UTF_8);

        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            try {
                int n = JoinRequest.decode(frame).devNonce();
                return Optional.of(new byte[] {(byte) n, (byte) (n >> 8)});
            } catch (FrameDecodeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String nonceName() {
            return "DevNonce";
        }

        @Override
        public boolean randomNonce() {
            return false;
        }

        @Override
        public String nonceRule() {
            return "LORAWAN-R2";
        }

        @Override
        public String recoveryRule() {
            return "LORAWAN-R2";
        }

        @Override
        public String blame(String counterpartRule) {
            return counterpartRule.equals("LORAWAN-R3") ? "LORAWAN-R2" : counterpartRule;
        }

        /**
         * ACTION send right after boot: refused (not joined) is fine; an uplink must continue its session's FCnt.
         * A device that resumed its session (it sent the uplink) must also still refuse the confirmed downlink it
         * took before the power went, replayed: its downlink counter must not have restarted either (R8, R7).
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            WireMessage r = runner.command(tid -> new WireMessage.Action(tid, Profile.LORAWAN, "send",
                    new byte[] {1, 0, 'a', 'p'}));
            if (!(r instanceof WireMessage.Ack)) {
                return Optional.empty();
            }
            Optional<byte[]> up = runner.emittedBy("send", runner.quiet());
            if (up.isEmpty()) {
                return Optional.empty(); // a rejoin-first device
            }
            Optional<String> upRefused = Optional.empty();
            boolean counterUsed = cut.counterpartEffects().stream().anyMatch(e -> e instanceof Effect.Deliver);
            if (counterUsed) {
                // An uplink in a session that had sent none yet cannot have reused a counter value (R8 allows
                // resuming a session whose counters are intact).
                ProtocolMachine net = cut.machine().machine();
                for (Effect e : net.receive(up.get())) {
                    if (e instanceof Effect.Rejected x) {
                        upRefused = Optional.of("after power loss sent an uplink in the old session without "
                                + "rejoining, and the network refuses it (" + x.rule().id() + ": " + x.reason()
                                + "): the frame counter restarted; uplink " + Hex.encode(up.get()));
                    }
                }
            }
            Optional<String> downTaken = Optional.empty();
            Optional<byte[]> down = deliveredBeforeCut(cut)
                    ? lastBenchFrame(cut, f -> decodes(DataFrame::decode, f)) : Optional.empty();
            if (down.isPresent()) {
                ExchangeRunner.Reaction re = runner.inject(down.get(), runner.quiet());
                if (re.accepted()) {
                    downTaken = Optional.of("took again, after power loss, the downlink " + Hex.encode(down.get())
                            + " it had accepted before (" + re + "): its downlink counter restarted in the old "
                            + "session (a replay, LORAWAN-R7)");
                }
            }
            if (upRefused.isPresent()) {
                return Optional.of(new Violation("LORAWAN-R8", upRefused.get()
                        + downTaken.map(t -> "; it also " + t).orElse("")));
            }
            return downTaken.map(t -> new Violation("LORAWAN-R8", "resumed its session after power loss but " + t));
        }
    }

    /**
     * Network: the bench device's JoinRequest, the gateway's JoinAccept; the bench device's uplink, the gateway's
     * downlink (ACTION send). Increasing JoinNonce (R5); a kept session keeps its downlink counter (R6).
     */
    static final class LoRaWanGateway extends Base {
        LoRaWanGateway() {
            super(Profile.LORAWAN, Role.INFRASTRUCTURE);
        }

        /**
         * The identity the bench plays: a LoRaWAN 1.1 one when the gateway serves any, because only a 1.1 device
         * checks that the JoinNonce increases (R5).
         */
        private static LoRaWanPersonalization played(Dut dut) {
            List<LoRaWanPersonalization> all = dut.secrets(LoRaWanPersonalization.class);
            return all.stream().filter(p -> p.version() == LoRaWanVersion.V1_1).findFirst().orElse(all.get(0));
        }

        @Override
        public void begin(Dut dut, MachineContext bench) throws LabFault {
            LoRaWanPersonalization p = played(dut);
            OptionalLong last = CounterRecord.decode(dut.nvRead(LoRaWanNetwork.devNonceRecord(p.devEui())));
            if (last.isPresent()) {
                bench.store().write(LoRaWanDevice.NVM_DEV_NONCE, CounterRecord.encode(last.getAsLong() + 1));
            }
        }

        @Override
        public Counterpart counterpart(Dut dut, MachineContext bench) {
            played = played(dut);
            LoRaWanDevice device = new LoRaWanDevice(played, bench, Set.of());
            return new Counterpart(device, List.of(Phase.bench("join", device::join),
                    Phase.bench("uplink", () -> device.sendData(UPLINK)).until(ExchangeRunner.Progress::dutDelivered),
                    Phase.action("downlink", "send", () -> sendArgs(device.devAddr().orElseThrow()))
                            .until(ExchangeRunner.Progress::counterpartDelivered)));
        }

        private static final byte[] UPLINK = "pc up".getBytes(StandardCharsets.UTF_8);
        private static final byte[] DOWNLINK = "pc dn".getBytes(StandardCharsets.UTF_8);

        /** ACTION send: DevAddr (4, LE), FPort 1, Flags 0 (unconfirmed), payload. */
        private static byte[] sendArgs(int devAddr) {
            byte[] a = new byte[6 + DOWNLINK.length];
            for (int i = 0; i < 4; i++) {
                a[i] = (byte) (devAddr >>> (8 * i));
            }
            a[4] = 1;
            System.arraycopy(DOWNLINK, 0, a, 6, DOWNLINK.length);
            return a;
        }

        /**
         * The network keeps its sessions in RAM (the emulator's does): after power it refuses a downlink to the old
         * DevAddr (ACTION send fails at once). A network that kept the session must go on with its downlink
         * counter: the cut run's device (which accepted the downlinks before) must take the new one (R6: a counter
         * value never used twice in a session; the device refuses it under R7).
         */
        @Override
        public Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
                throws LabFault {
            LoRaWanDevice device = (LoRaWanDevice) cut.machine().machine();
            Optional<Integer> addr = device.devAddr();
            if (addr.isEmpty()) {
                return Optional.empty();
            }
            WireMessage r = runner.command(tid -> new WireMessage.Action(tid, Profile.LORAWAN, "send",
                    sendArgs(addr.get())));
            if (!(r instanceof WireMessage.Ack)) {
                return Optional.empty(); // no session after power loss: the device must join again
            }
            Optional<byte[]> down = runner.emittedBy("send", runner.quiet());
            if (down.isEmpty()) {
                return Optional.empty();
            }
            for (Effect e : device.receive(down.get())) {
                if (e instanceof Effect.Rejected x) {
                    return Optional.of(new Violation("LORAWAN-R6", "kept the session across its power loss but "
                            + "sent a downlink the device refuses (" + x.rule().id() + ": " + x.reason() + "): its "
                            + "downlink frame counter restarted; downlink " + Hex.encode(down.get())));
                }
            }
            return Optional.empty();
        }

        private volatile LoRaWanPersonalization played;

        /**
         * The JoinNonce of a JoinAccept, decrypted as the device does (MHDR, then aes_encrypt(NwkKey, rest)); its
         * first three octets, little-endian. The bench device (1.1) also refuses one that does not increase (R5).
         */
        @Override
        public Optional<byte[]> nonce(byte[] frame) {
            LoRaWanPersonalization p = played;
            if (p == null || frame.length < 17 || (frame[0] & 0xe0) != 0x20) {
                return Optional.empty();
            }
            byte[] plain = Aes.ecbEncrypt(p.nwkKey(), java.util.Arrays.copyOfRange(frame, 1, frame.length));
            return Optional.of(java.util.Arrays.copyOfRange(plain, 0, 3));
        }

        @Override
        public boolean randomNonce() {
            return false; // a counter (R5)
        }

        @Override
        public String nonceName() {
            return "JoinNonce";
        }

        @Override
        public String nonceRule() {
            return "LORAWAN-R5";
        }

        @Override
        public String recoveryRule() {
            return "LORAWAN-R3";
        }
    }
}
