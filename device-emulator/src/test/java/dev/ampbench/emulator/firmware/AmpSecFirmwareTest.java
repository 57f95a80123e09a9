package dev.ampbench.emulator.firmware;

import static dev.ampbench.emulator.firmware.AmpSecRig.OTHER;
import static dev.ampbench.emulator.firmware.AmpSecRig.STA;
import static dev.ampbench.emulator.firmware.AmpSecRig.T;
import static dev.ampbench.emulator.firmware.AmpSecRig.act;
import static dev.ampbench.emulator.firmware.AmpSecRig.delivered;
import static dev.ampbench.emulator.firmware.AmpSecRig.deliveredLog;
import static dev.ampbench.emulator.firmware.AmpSecRig.emitted;
import static dev.ampbench.emulator.firmware.AmpSecRig.emittedQuickly;
import static dev.ampbench.emulator.firmware.AmpSecRig.establishGateway;
import static dev.ampbench.emulator.firmware.AmpSecRig.establishTag;
import static dev.ampbench.emulator.firmware.AmpSecRig.established;
import static dev.ampbench.emulator.firmware.AmpSecRig.event;
import static dev.ampbench.emulator.firmware.AmpSecRig.inject;
import static dev.ampbench.emulator.firmware.AmpSecRig.powerCycle;
import static dev.ampbench.emulator.firmware.AmpSecRig.rejected;
import static dev.ampbench.emulator.firmware.AmpSecRig.rejectedBy;
import static dev.ampbench.emulator.firmware.AmpSecRig.response;
import static dev.ampbench.emulator.firmware.AmpSecRig.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecRule;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.ampsec.DownlinkDataFrame;
import dev.ampbench.protocol.ampsec.PmkUpdateFrame;
import dev.ampbench.protocol.ampsec.ResponseFrame;
import dev.ampbench.protocol.ampsec.TriggerFrame;
import dev.ampbench.protocol.ampsec.UplinkDataFrame;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulated amp-sec STA and AP reached as hardware is (TCP, and a pseudo-terminal opened with jSerialComm),
 * powered by the SCPI supply, with the protocol module's counterpart machine playing the bench side.
 */
class AmpSecFirmwareTest {
    private final AmpSecRig rig = new AmpSecRig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEmulatedTagCompletesTheHandshakeWithTheBenchApOverAPseudoTerminal() throws Exception {
        EmulatedStation s = rig.tag(new PtyLink());
        assertTrue(s.address().startsWith("/dev/pts/"), s.address());
        WireClient c = rig.connect(s);
        AmpSecAccessPoint ap = rig.benchAp();

        // Trigger with DL data: the tag answers with a Response for this AP, its SA and generation 0.
        inject(c, tx(ap.trigger(utf8("hello sta"))));
        byte[] responseBytes = emitted(c);
        ResponseFrame r = response(responseBytes);
        assertArrayEquals(STA.aa(), r.aa());
        assertArrayEquals(STA.sa(), r.sa());
        assertEquals(0, r.pmkGeneration());
        assertEquals(AmpSecStation.AWAITING_CONFIRM, s.device().state());

        List<Effect> verdict = ap.receive(responseBytes);
        assertTrue(established(verdict), "bench AP: " + verdict);
        inject(c, tx(verdict));
        WireMessage.Event est = event(c, EventKind.ESTABLISHED, T);
        assertNotNull(est, "the tag did not report ESTABLISHED");
        assertEquals(Optional.of(Profile.AMP_SEC), est.profile());
        assertTrue(deliveredLog(c, T), "the DL data of the Trigger is delivered once the Confirm verified");

        // Established: the tag's send action goes out as UplinkData the bench AP opens.
        act(c, "send", utf8("reading 42"));
        byte[] up = emitted(c);
        assertEquals(1, UplinkDataFrame.decode(up).pn());
        assertArrayEquals(utf8("reading 42"), delivered(ap.receive(up)));

        // DownlinkData from the bench AP is delivered.
        inject(c, tx(ap.sendData(STA.sa(), utf8("set 7"))));
        assertTrue(deliveredLog(c, T));
        assertEquals(AmpSecStation.ESTABLISHED, statusState(c));
    }

    @Test
    void anEmulatedGatewayTriggersConfirmsTheBenchStaAndServesItsActions() throws Exception {
        WireClient c = rig.connect(rig.gateway(new TcpLink(0)));
        AmpSecStation sta = rig.benchSta(STA);
        sta.sendData(utf8("early")); // queued: rides in the Response

        act(c, "trigger", new byte[0]);
        assertNotNull(event(c, EventKind.ACTION_DONE, T));
        byte[] trigger = emitted(c);
        assertTrue(TriggerFrame.decode(trigger).isBroadcast());
        byte[] responseBytes = tx(sta.receive(trigger));
        assertTrue(response(responseBytes).sealedUlData().length > 0, "UL data rides in the Response");
        inject(c, responseBytes);
        assertNotNull(event(c, EventKind.ESTABLISHED, T), "the gateway did not accept the bench STA");
        assertTrue(deliveredLog(c, T), "the gateway delivers the UL data of the Response");
        List<Effect> confirmed = sta.receive(emitted(c));
        assertTrue(established(confirmed), "the bench STA's verdict on the Confirm: " + confirmed);

        // send: DownlinkData the bench STA opens.
        act(c, "send", Bytes.concat(STA.sa(), utf8("dl payload")));
        byte[] dl = emitted(c);
        assertEquals(1, DownlinkDataFrame.decode(dl).pn());
        assertArrayEquals(utf8("dl payload"), delivered(sta.receive(dl)));

        // pmk-update: the bench STA commits generation 1, and the next handshake runs under it.
        act(c, "pmk-update", STA.sa());
        byte[] update = emitted(c);
        assertEquals(1, PmkUpdateFrame.decode(update).newGeneration());
        assertTrue(established(sta.receive(update)));
        assertEquals(1, sta.pmkGeneration());
        byte[] next = establishGateway(c, sta);
        assertEquals(1, response(next).pmkGeneration());

        // page: a Trigger for the other STA only; the bench STA ignores it.
        act(c, "page", OTHER.sa());
        byte[] paged = emitted(c);
        assertArrayEquals(OTHER.sa(), TriggerFrame.decode(paged).da());
        assertTrue(sta.receive(paged).stream().allMatch(e -> e instanceof Effect.Ignored));
    }

    @Test
    void actionsWithBadArgumentsOrInTheWrongStateFailOnTheWire() throws Exception {
        WireClient gw = rig.connect(rig.gateway(new TcpLink(0)));
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), actionError(gw, "send", Bytes.concat(OTHER.sa(), utf8("x"))),
                "send without a session");
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), actionError(gw, "pmk-update", new byte[3]),
                "pmk-update with a short SA");
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), actionError(gw, "trigger", new byte[256]),
                "DL data over the emulator's 255-octet bound");
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), actionError(gw, "join", new byte[0]));
        WireClient tag = rig.connect(rig.tag(new TcpLink(0)));
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), actionError(tag, "trigger", new byte[0]),
                "a tag has no trigger action");
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), actionError(tag, "send", new byte[0]),
                "empty UL data");
    }

    private static Optional<ErrorCode> actionError(WireClient c, String name, byte[] args) throws Exception {
        WireMessage r = c.request(new WireMessage.Action(c.tid(), Profile.AMP_SEC, name, args), T);
        return ((WireMessage.ErrorResponse) r).knownCode();
    }

    private static String statusState(WireClient c) throws Exception {
        WireMessage.Status st = (WireMessage.Status) c.request(new WireMessage.StatusGet(c.tid()), T);
        return st.states().get(0).state();
    }

    /**
     * AMP-SEC-R3 and R9 at the wire: power is cut after the tag's Response, before the Confirm. After power returns
     * the tag refuses the old handshake's Confirm and the old session's data, sends nothing under the old keys, and
     * answers the next Trigger with an SNonce it never used.
     */
    @Test
    void afterAPowerCutMidHandshakeTheTagStartsOverWithAFreshSnonceAndNoOldKeys() throws Exception {
        EmulatedStation s = rig.tag(new TcpLink(0));
        WireClient c = rig.connect(s);
        AmpSecAccessPoint ap = rig.benchAp();
        Set<String> snonces = new HashSet<>();
        snonces.add(Hex.encode(response(establishTag(c, ap)).snonce()));
        byte[] oldSessionData = tx(ap.sendData(STA.sa(), utf8("old session")));

        // Second handshake, cut in the middle: the Response is out, the Confirm never arrives before the cut.
        inject(c, tx(ap.trigger()));
        byte[] pendingResponse = emitted(c);
        snonces.add(Hex.encode(response(pendingResponse).snonce()));
        byte[] pendingConfirm = tx(ap.receive(pendingResponse));
        assertEquals(2, powerCycle(s, c));
        assertEquals(AmpSecStation.AWAITING_TRIGGER, statusState(c));

        inject(c, pendingConfirm);
        assertEquals(AmpSecRule.R15.id(), rejected(c), "a Confirm for a handshake lost with the RAM");
        inject(c, oldSessionData);
        assertEquals(AmpSecRule.R15.id(), rejected(c), "data under the session lost with the RAM");
        act(c, "send", utf8("after the cut"));
        assertNull(emittedQuickly(c), "R9: nothing may go out under the old keys");
        assertNull(event(c, EventKind.ESTABLISHED, 0), "no session without a new handshake");

        inject(c, tx(ap.trigger()));
        byte[] fresh = emitted(c);
        assertTrue(snonces.add(Hex.encode(response(fresh).snonce())), "R3: the SNonce after power loss is new");
        List<Effect> verdict = ap.receive(fresh);
        assertTrue(established(verdict), "bench AP: " + verdict);
        assertArrayEquals(utf8("after the cut"), delivered(verdict), "the queued UL data rode in the new Response");
        inject(c, tx(verdict));
        assertNotNull(event(c, EventKind.ESTABLISHED, T));
    }

    /** Sends PERSONALIZE: the device ACKs, then reboots with its new identity (EVENT BOOT, reset-warm). */
    private static void personalize(EmulatedStation s, WireClient c, List<WireMessage.Item> items) throws Exception {
        WireMessage r = c.request(new WireMessage.Personalize(c.tid(), Profile.AMP_SEC, items), T);
        assertInstanceOf(WireMessage.Ack.class, r, "PERSONALIZE answered " + r);
        WireMessage.Event boot = event(c, EventKind.BOOT, T);
        assertNotNull(boot, "no EVENT BOOT after PERSONALIZE");
        assertEquals("reset-warm", boot.name());
    }

    @Test
    void personalizeOverTheWireGivesTheTagANewPmk() throws Exception {
        EmulatedStation s = rig.tag(new TcpLink(0));
        WireClient c = rig.connect(s);
        AmpSecPersonalization renewed = new AmpSecPersonalization(STA.aa(), STA.sa(),
                AmpSecFirmware.identities(99, 1).get(0).pmk(), 0, STA.parameters());
        personalize(s, c, List.of(
                new WireMessage.Item(WireMessage.Item.NETWORK_ID, renewed.aa()),
                new WireMessage.Item(WireMessage.Item.DEVICE_ID, renewed.sa()),
                new WireMessage.Item(WireMessage.Item.ROOT_KEY, renewed.pmk().bytes())));

        AmpSecAccessPoint oldAp = rig.benchAp();
        inject(c, tx(oldAp.trigger()));
        assertEquals(AmpSecRule.R7.id(), rejectedBy(oldAp.receive(emitted(c))),
                "the bench AP holding the old PMK must not verify the tag");

        establishTag(c, rig.benchAp(List.of(renewed)));
    }

    @Test
    void personalizeOverTheWireReplacesTheGatewaysTable() throws Exception {
        EmulatedStation s = rig.gateway(new TcpLink(0));
        WireClient c = rig.connect(s);
        personalize(s, c, List.of(
                new WireMessage.Item(WireMessage.Item.NETWORK_ID, OTHER.aa()),
                new WireMessage.Item(WireMessage.Item.DEVICE_ID, OTHER.sa()),
                new WireMessage.Item(WireMessage.Item.ROOT_KEY, OTHER.pmk().bytes())));

        AmpSecStation dropped = rig.benchSta(STA);
        act(c, "trigger", new byte[0]);
        inject(c, tx(dropped.receive(emitted(c))));
        assertEquals(AmpSecRule.R14.id(), rejected(c), "a STA no longer in the table");

        establishGateway(c, rig.benchSta(OTHER));
    }

    @Test
    void personalizeWithMissingOrWrongItemsIsMalformed() throws Exception {
        WireClient c = rig.connect(rig.tag(new TcpLink(0)));
        List<List<WireMessage.Item>> bad = List.of(
                List.of(new WireMessage.Item(WireMessage.Item.NETWORK_ID, STA.aa()),
                        new WireMessage.Item(WireMessage.Item.DEVICE_ID, STA.sa())),
                List.of(new WireMessage.Item(WireMessage.Item.NETWORK_ID, STA.aa()),
                        new WireMessage.Item(WireMessage.Item.DEVICE_ID, STA.sa()),
                        new WireMessage.Item(WireMessage.Item.ROOT_KEY, new byte[16])),
                List.of(new WireMessage.Item(WireMessage.Item.NETWORK_ID, STA.aa()),
                        new WireMessage.Item(WireMessage.Item.DEVICE_ID, new byte[4]),
                        new WireMessage.Item(WireMessage.Item.ROOT_KEY, new byte[32])),
                List.of(new WireMessage.Item(WireMessage.Item.NETWORK_ID, STA.aa()),
                        new WireMessage.Item(WireMessage.Item.DEVICE_ID, STA.sa()),
                        new WireMessage.Item(WireMessage.Item.ROOT_KEY, new byte[32]),
                        new WireMessage.Item(WireMessage.Item.APP_KEY, new byte[16])));
        for (List<WireMessage.Item> items : bad) {
            WireMessage r = c.request(new WireMessage.Personalize(c.tid(), Profile.AMP_SEC, items), T);
            assertEquals(Optional.of(ErrorCode.MALFORMED), ((WireMessage.ErrorResponse) r).knownCode(),
                    items.toString());
        }
        establishTag(c, rig.benchAp()); // the factory identity stands
    }

    @Test
    void helloNamesTheRoleButNeitherAddressesNorKeys() throws Exception {
        for (EmulatedStation s : List.of(rig.tag(new TcpLink(0)), rig.gateway(new TcpLink(0)))) {
            WireClient c = rig.connect(s);
            WireMessage.HelloResponse h = (WireMessage.HelloResponse) c.request(new WireMessage.Hello(c.tid(), 1, 0,
                    1024), T);
            assertEquals(Set.of(Profile.AMP_SEC), h.supportedProfiles());
            String shown = h.deviceLabel() + " " + s.device().firmware();
            for (AmpSecPersonalization p : AmpSecRig.IDS) {
                for (String secret : List.of(Hex.encode(p.aa()), Hex.encode(p.sa()), Hex.encode(p.pmk().bytes()))) {
                    assertFalse(shown.toLowerCase().contains(secret.toLowerCase()), shown);
                }
            }
        }
        assertEquals(Role.DEVICE, AmpSecFirmware.tag(STA).role());
        assertEquals(List.of("trigger", "page", "send", "pmk-update"), AmpSecFirmware.gateway(AmpSecRig.IDS).actions());
    }

    @Test
    void identitiesAreReproducibleDistinctAndSeedDependent() {
        List<AmpSecPersonalization> a = AmpSecFirmware.identities(5, 300);
        List<AmpSecPersonalization> b = AmpSecFirmware.identities(5, 300);
        Set<String> sas = new HashSet<>();
        Set<String> pmks = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).sa(), b.get(i).sa());
            assertEquals(a.get(i).pmk(), b.get(i).pmk());
            assertArrayEquals(a.get(0).aa(), a.get(i).aa(), "one AP");
            assertTrue(sas.add(Hex.encode(a.get(i).sa())));
            assertTrue(pmks.add(Hex.encode(a.get(i).pmk().bytes())));
        }
        AmpSecPersonalization other = AmpSecFirmware.identities(6, 1).get(0);
        assertFalse(java.util.Arrays.equals(a.get(0).aa(), other.aa()));
        assertNotEquals(a.get(0).pmk(), other.pmk());
        assertThrows(IllegalArgumentException.class, () -> AmpSecFirmware.identities(5, 0));
        // The derivation documented in the class javadoc, recomputed independently for index 1 of seed 5.
        assertEquals(0x02, a.get(1).aa()[0]);
        assertArrayEquals(new byte[] {0, 1}, java.util.Arrays.copyOfRange(a.get(1).sa(), 4, 6));
        assertArrayEquals(sha256("ampbench/amp-sec/pmk", new byte[] {0, 0, 0, 0, 0, 0, 0, 5}, new byte[] {0, 0, 0, 1}),
                a.get(1).pmk().bytes());
    }

    private static byte[] sha256(String label, byte[]... parts) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(label.getBytes(StandardCharsets.US_ASCII));
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
