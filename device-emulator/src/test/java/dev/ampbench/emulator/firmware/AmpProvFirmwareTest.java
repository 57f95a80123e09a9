package dev.ampbench.emulator.firmware;

import static dev.ampbench.emulator.firmware.AmpProvRig.QUIET;
import static dev.ampbench.emulator.firmware.AmpProvRig.T;
import static dev.ampbench.emulator.firmware.AmpProvRig.act;
import static dev.ampbench.emulator.firmware.AmpProvRig.action;
import static dev.ampbench.emulator.firmware.AmpProvRig.be16;
import static dev.ampbench.emulator.firmware.AmpProvRig.benchGateway;
import static dev.ampbench.emulator.firmware.AmpProvRig.benchTag;
import static dev.ampbench.emulator.firmware.AmpProvRig.emitted;
import static dev.ampbench.emulator.firmware.AmpProvRig.emittedWithin;
import static dev.ampbench.emulator.firmware.AmpProvRig.established;
import static dev.ampbench.emulator.firmware.AmpProvRig.event;
import static dev.ampbench.emulator.firmware.AmpProvRig.inject;
import static dev.ampbench.emulator.firmware.AmpProvRig.powerCycle;
import static dev.ampbench.emulator.firmware.AmpProvRig.provisionTag;
import static dev.ampbench.emulator.firmware.AmpProvRig.rejected;
import static dev.ampbench.emulator.firmware.AmpProvRig.sensorRoundTrip;
import static dev.ampbench.emulator.firmware.AmpProvRig.sent;
import static dev.ampbench.emulator.firmware.AmpProvRig.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.FrameType;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.ProtectedFrame;
import dev.ampbench.protocol.ampprov.ProvBeacon;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.LogLevel;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * amp-prov emulated tags and gateways reached as hardware is (TCP, and a pseudo-terminal opened with jSerialComm),
 * with the protocol module's own machines playing the bench's side.
 */
class AmpProvFirmwareTest {
    private static final List<AmpProvPersonalization> IDS = AmpProvFirmware.identities(2026, 3);
    private static final AmpProvPersonalization P = IDS.get(0);

    private final AmpProvRig rig = new AmpProvRig();

    @AfterEach
    void closeAll() throws Exception {
        rig.close();
    }

    @Test
    void anEmulatedTagIsProvisionedByTheBenchPlayingTheGatewayOverAPseudoTerminal() throws Exception {
        EmulatedStation s = rig.station(AmpProvFirmware.tag(P), new PtyLink());
        assertTrue(s.address().startsWith("/dev/pts/"), s.address());
        WireClient c = rig.connect(s);
        AmpProvInfrastructure gw = benchGateway(P, 1);
        assertEquals(AmpProvDevice.PROVISIONING, state(c));

        inject(c, sent(gw.beacon()));
        ProvRequest request = ProvRequest.decode(emitted(c));
        assertEquals(P.gatewayId(), request.gatewayId());
        assertArrayEquals(AmpProvFirmware.idHash(P.deviceIdentity()), request.idHash());
        byte[] response = sent(gw.receive(request.encode()));
        inject(c, response);
        byte[] confirm = emitted(c);
        assertEquals(FrameType.PROV_CONFIRM.code(), confirm[0] & 0xff);
        WireMessage.Event est = event(c, EventKind.ESTABLISHED);
        assertEquals(Optional.of(Profile.AMP_PROV), est.profile());
        List<Effect> verdict = gw.receive(confirm);
        assertTrue(established(verdict), "bench gateway: " + verdict);
        assertEquals(AmpProvDevice.NORMAL, state(c));

        int addr = ProvResponse.decode(response).localAddr();
        byte[] res = sensorRoundTrip(c, gw, addr);
        assertEquals(FrameType.RES_SENSOR_DATA.code(), res[0] & 0xff);
    }

    @Test
    void anEmulatedGatewayProvisionsTheBenchPlayingTheTagAndThenReadsRekeysAndReprovisionsIt() throws Exception {
        EmulatedStation s = rig.station(AmpProvFirmware.gateway(IDS), new TcpLink(0));
        WireClient c = rig.connect(s);
        AmpProvPersonalization p = IDS.get(1);
        AmpProvDevice tag = benchTag(p, 5);

        // The lab engineer scans the label: the QR text, as the phone app reads it.
        act(c, "enrol", AmpProvFirmware.qrPayload(p).toText().getBytes(StandardCharsets.US_ASCII));
        act(c, "beacon", new byte[0]);
        byte[] beacon = emitted(c);
        assertEquals(P.gatewayId(), ProvBeacon.decode(beacon).gatewayId());
        assertTrue(c.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.ACTION_DONE
                && e.name().equals("beacon") && e.value() == 0, T) != null, "ACTION_DONE beacon");
        inject(c, sent(tag.receive(beacon)));
        byte[] response = emitted(c);
        List<Effect> tagSide = tag.receive(response);
        assertTrue(established(tagSide), "bench tag: " + tagSide);
        inject(c, sent(tagSide));
        assertTrue(event(c, EventKind.ESTABLISHED).name().contains("provisioned"));
        int addr = tag.localAddress().orElseThrow();
        assertEquals(ProvResponse.decode(response).localAddr(), addr);

        byte[] query = "ABCD".getBytes(StandardCharsets.US_ASCII);
        byte[] args = new byte[2 + query.length];
        System.arraycopy(be16(addr), 0, args, 0, 2);
        System.arraycopy(query, 0, args, 2, query.length);
        act(c, "request-sensor-data", args);
        List<Effect> read = tag.receive(emitted(c));
        assertTrue(read.stream().anyMatch(e -> e instanceof Effect.Deliver d && new String(d.payload(),
                StandardCharsets.US_ASCII).equals("ABCD")), read.toString());
        inject(c, sent(read));
        WireMessage log = c.await(m -> m instanceof WireMessage.Log l && l.text().startsWith("delivered"), T);
        assertTrue(log != null && ((WireMessage.Log) log).level() == LogLevel.INFO, "the reading was not delivered");

        act(c, "rekey", new byte[] {be16(addr)[0], be16(addr)[1], 2});
        byte[] rekey = emitted(c);
        ProtectedFrame r = ProtectedFrame.decode(rekey);
        assertEquals(FrameType.REKEY, r.kind());
        assertEquals(1, r.cntr());
        // Its REKEY_ACK "lost": the operator retries, and the same frame goes out again byte for byte.
        act(c, "retry-rekey", be16(addr));
        assertArrayEquals(rekey, emitted(c));
        List<Effect> acked = tag.receive(rekey);
        assertTrue(established(acked));
        inject(c, sent(acked));
        assertTrue(event(c, EventKind.ESTABLISHED).name().contains("re-keyed"));

        act(c, "reprovision", be16(addr));
        tag.receive(emitted(c));
        assertEquals(AmpProvDevice.PROVISIONING, tag.state(), "REPROVISION under the new key must reach the tag");

        act(c, "close-provisioning", new byte[0]);
        assertEquals(AmpProvInfrastructure.IDLE, state(c));
        byte[] beacon2 = new ProvBeacon(P.gatewayId(), KdfMode.allBits()).encode();
        c.drain();
        inject(c, sent(tag.receive(beacon2)));
        assertNull(emittedWithin(c, QUIET), "a closed gateway answers no PROV_REQUEST");
    }

    @Test
    void aStrongModeTagIsProvisionedAndKeepsItsKeysAcrossAPowerCut() throws Exception {
        AmpProvPersonalization strong = AmpProvFirmware.identities(5, 1, KdfMode.STRONG).get(0);
        EmulatedStation s = rig.station(AmpProvFirmware.tag(strong), new TcpLink(0));
        WireClient c = rig.connect(s);
        WireMessage.HelloResponse hello = (WireMessage.HelloResponse) c.request(new WireMessage.Hello(c.tid()), T);
        assertEquals("amp-prov-tag[STRONG]", hello.deviceLabel());
        AmpProvInfrastructure gw = benchGateway(strong, 6);
        int addr = provisionTag(c, gw);
        powerCycle(s, c);
        assertEquals(AmpProvDevice.NORMAL, state(c));
        // Keys re-derived at boot from the records, X25519 included, are the gateway's keys.
        sensorRoundTrip(c, gw, addr);
    }

    @Test
    void badActionArgumentsAreActionFailedNotASilence() throws Exception {
        WireClient gw = rig.connect(rig.station(AmpProvFirmware.gateway(IDS), new TcpLink(0)));
        for (String[] bad : new String[][] {{"enrol", "AMPPROV:00"}, {"rekey", "x"}, {"beacon", "x"},
                {"request-sensor-data", "x"}, {"self-destruct", ""}}) {
            WireMessage r = action(gw, bad[0], bad[1].getBytes(StandardCharsets.US_ASCII));
            assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode(), bad[0]);
        }
        // A well-formed QR code of a tag this gateway does not serve.
        AmpProvPersonalization stranger = AmpProvFirmware.identities(99, 1).get(0);
        WireMessage r = action(gw, "enrol", AmpProvFirmware.qrPayload(stranger).encode());
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode());
        // Sensor data for a local address nobody holds.
        r = action(gw, "request-sensor-data", be16(0x0234));
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode());

        WireClient tag = rig.connect(rig.station(AmpProvFirmware.tag(P), new TcpLink(0)));
        r = action(tag, "beacon", new byte[0]);
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode());
        act(tag, "set-reading", "21.5C".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Power cut by SCPI between PROV_REQUEST and PROV_RESPONSE: the tag comes back in provisioning mode (R1), the
     * recorded response no longer applies, its next request has a fresh TagNonce (R2). Once provisioned, a power
     * cut keeps the local address and keys (R8), and no Seq or key counter is used again (R9, R12).
     */
    @Test
    void powerCutsMidExchangeAndAfterProvisioningKeepTheRulesOfSection9() throws Exception {
        EmulatedStation s = rig.station(AmpProvFirmware.tag(P), new TcpLink(0));
        WireClient c = rig.connect(s);
        AmpProvInfrastructure gw = benchGateway(P, 2);

        inject(c, sent(gw.beacon()));
        ProvRequest first = ProvRequest.decode(emitted(c));
        byte[] staleResponse = sent(gw.receive(first.encode()));
        assertEquals(AmpProvDevice.AWAIT_RESPONSE, state(c));
        powerCycle(s, c);
        assertEquals(AmpProvDevice.PROVISIONING, state(c), "R1: back in provisioning mode after the cut");
        AmpProvRig.nvAbsent(c, "ampprov.provisioning");
        c.drain();
        inject(c, staleResponse);
        assertNull(emittedWithin(c, QUIET), "a response to a request lost with RAM must not be confirmed");
        assertEquals(AmpProvDevice.PROVISIONING, state(c));

        inject(c, sent(gw.beacon()));
        ProvRequest second = ProvRequest.decode(emitted(c));
        assertFalse(java.util.Arrays.equals(first.tagNonce(), second.tagNonce()),
                "R2: fresh TagNonce after power loss");
        byte[] response = sent(gw.receive(second.encode()));
        inject(c, response);
        byte[] confirm = emitted(c);
        event(c, EventKind.ESTABLISHED);
        assertTrue(established(gw.receive(confirm)));
        int addr = ProvResponse.decode(response).localAddr();

        byte[] request1 = sent(gw.requestSensorData(addr, "ABCD".getBytes()));
        inject(c, request1);
        assertTrue(gw.receive(emitted(c)).stream().anyMatch(e -> e instanceof Effect.Deliver));
        powerCycle(s, c);
        assertEquals(AmpProvDevice.NORMAL, state(c), "R8: provisioned across the power cut");
        c.drain();
        inject(c, sent(gw.beacon()));
        assertNull(emittedWithin(c, QUIET), "a provisioned tag ignores beacons after a power cut (R13)");
        inject(c, request1);
        assertEquals("AMP-PROV-R12", rejected(c), "the answered Seq survives the power cut");
        assertNull(emittedWithin(c, QUIET), "no second answer under the same CCM nonce");
        byte[] res2 = sensorRoundTrip(c, gw, addr);
        assertEquals(addr, ProtectedFrame.decode(res2).localAddr(), "R8: same local address and keys");

        inject(c, sent(gw.rekey(addr, 2)));
        assertTrue(established(gw.receive(emitted(c))));
        event(c, EventKind.ESTABLISHED);
        powerCycle(s, c);
        ProtectedFrame underNewKey = ProtectedFrame.decode(sensorRoundTrip(c, gw, addr));
        assertEquals(2, underNewKey.keySel());
        assertEquals(1, underNewKey.cntr(), "R9: the re-keyed counter survives the power cut");
        // The old key's frame, recorded before the re-key, is refused: no session key is used again.
        inject(c, request1);
        assertEquals("AMP-PROV-R10", rejected(c));
    }

    @Test
    void personalizeOverTheWireGivesTheTagANewIdentity() throws Exception {
        EmulatedStation s = rig.station(AmpProvFirmware.tag(P), new TcpLink(0));
        WireClient c = rig.connect(s);
        AmpProvPersonalization next = IDS.get(2);
        AmpProvInfrastructure oldGw = benchGateway(P, 3);
        AmpProvInfrastructure newGw = benchGateway(next, 4);

        WireMessage bad = c.request(new WireMessage.Personalize(c.tid(), Profile.AMP_PROV,
                AmpProvFirmware.items(Role.DEVICE, List.of(next)).subList(0, 3)), T);
        assertEquals(Optional.of(ErrorCode.MALFORMED), ((WireMessage.ErrorResponse) bad).knownCode());
        assertTrue(((WireMessage.ErrorResponse) bad).text().contains("NETWORK_ID"));

        AmpProvRig.personalize(s, c, AmpProvFirmware.items(Role.DEVICE, List.of(next)));
        assertEquals(AmpProvDevice.PROVISIONING, state(c));

        inject(c, sent(oldGw.beacon()));
        ProvRequest asked = ProvRequest.decode(emitted(c));
        assertArrayEquals(AmpProvFirmware.idHash(next.deviceIdentity()), asked.idHash());
        List<Effect> oldVerdict = oldGw.receive(asked.encode());
        assertTrue(oldVerdict.stream().allMatch(e -> e instanceof Effect.Ignored),
                "the old identity's gateway must not know the tag: " + oldVerdict);

        assertTrue(provisionTag(c, newGw) > 0);
        WireMessage.HelloResponse hello = (WireMessage.HelloResponse) c.request(new WireMessage.Hello(c.tid()), T);
        String label = hello.deviceLabel();
        String sn = Hex.encode(next.serialNumber().bytes());
        assertFalse(label.toLowerCase().contains(sn) || label.toLowerCase()
                .contains(Hex.encode(AmpProvFirmware.idHash(next.deviceIdentity()))), label);
    }

    @Test
    void personalizeOverTheWireGivesTheGatewayANewTable() throws Exception {
        EmulatedStation s = rig.station(AmpProvFirmware.gateway(IDS), new TcpLink(0));
        WireClient c = rig.connect(s);
        List<AmpProvPersonalization> other = AmpProvFirmware.identities(7, 2, KdfMode.STRONG);
        AmpProvRig.personalize(s, c, AmpProvFirmware.items(Role.INFRASTRUCTURE, other));
        assertEquals(AmpProvInfrastructure.IDLE, state(c));
        WireMessage r = action(c, "enrol", AmpProvFirmware.qrPayload(P).encode());
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode(),
                "the old table's tag is gone");

        AmpProvPersonalization p = other.get(1);
        AmpProvDevice tag = benchTag(p, 9);
        act(c, "enrol", AmpProvFirmware.qrPayload(p).encode());
        act(c, "beacon", new byte[0]);
        inject(c, sent(tag.receive(emitted(c))));
        byte[] response = emitted(c);
        assertEquals(KdfMode.STRONG, ProvResponse.decode(response).mode());
        List<Effect> tagSide = tag.receive(response);
        assertTrue(established(tagSide), tagSide.toString());
        inject(c, sent(tagSide));
        event(c, EventKind.ESTABLISHED);
    }

    @Test
    void seedDerivedIdentitiesAreReproducibleDistinctAndMatchThePersonalizeItems() {
        List<AmpProvPersonalization> a = AmpProvFirmware.identities(42, 20);
        List<AmpProvPersonalization> b = AmpProvFirmware.identities(42, 20);
        assertEquals(a.size(), 20);
        Set<String> sns = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).deviceIdentity(), b.get(i).deviceIdentity());
            assertEquals(a.get(0).gatewayId(), a.get(i).gatewayId());
            assertEquals(KdfMode.SLIDES, a.get(i).mode());
            sns.add(Hex.encode(a.get(i).serialNumber().bytes()));
        }
        assertEquals(20, sns.size());
        // The worked example of docs/emulator/amp-prov.md: the derivation is pinned, not just self-consistent.
        List<AmpProvPersonalization> one = AmpProvFirmware.identities(1, 2);
        assertEquals(0x6d9eea6bL, one.get(0).gatewayId());
        assertEquals("AMPPROV:0101F471471F09C179C283A5E7CE225B002111157A176EA7B8212A4369D56E9C784A",
                AmpProvFirmware.qrPayload(one.get(0)).toText());
        assertEquals("AMPPROV:0101C26719E22D4D4805A5A99FA1BABF76F369A92D274A35C2C22F87C4990FE664D2",
                AmpProvFirmware.qrPayload(one.get(1)).toText());
        assertNotEquals(AmpProvFirmware.identities(43, 1).get(0).deviceIdentity(), a.get(0).deviceIdentity());
        // A prefix of a larger count is the same identities: --count 3 and --count 20 agree on the first three.
        assertEquals(a.get(2).deviceIdentity(), AmpProvFirmware.identities(42, 3).get(2).deviceIdentity());

        List<WireMessage.Item> mixed = new java.util.ArrayList<>(AmpProvFirmware.items(Role.DEVICE, List.of(a.get(5))));
        mixed.set(2, AmpProvFirmware.items(Role.DEVICE, List.of(a.get(6))).get(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AmpProvFirmware.tag(IDS.get(1)).personalized(mixed));
        assertTrue(e.getMessage().contains("A_pubk"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AmpProvFirmware.gateway(List.of(a.get(0),
                AmpProvFirmware.identities(1, 1).get(0))), "one gateway, one AS key");
        AmpProvFirmware strong = AmpProvFirmware.tag(AmpProvFirmware.identities(1, 1, KdfMode.STRONG).get(0));
        assertEquals(1, strong.publicKeyOpsPerFrame(), "STRONG tags do X25519");
        assertEquals(0, AmpProvFirmware.tag(a.get(0)).publicKeyOpsPerFrame());
        assertEquals(275, strong.maxFrameLength());
        for (AmpProvFirmware fw : List.of(strong, AmpProvFirmware.gateway(a))) {
            for (String text : List.of(fw.label(), fw.toString())) {
                for (AmpProvPersonalization p : a) {
                    assertFalse(text.contains(Hex.encode(p.serialNumber().bytes())), text);
                    assertFalse(text.contains(Hex.encode(AmpProvFirmware.idHash(p.deviceIdentity()))), text);
                }
            }
        }
    }
}
