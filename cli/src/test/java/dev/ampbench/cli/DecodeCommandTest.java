package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Expected values are those of the published vector lorawan10-uplink-m (known-answers.json), not this code's. */
class DecodeCommandTest {
    private static final String UPLINK_M = "40f17dbe4900020001954378762b11ff0d";

    @Test
    void aTableShowsEveryFieldWithItsMeaning() {
        Result r = run("decode", "--profile", "lorawan", UPLINK_M);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("lorawan UnconfirmedDataUp, 17 octets"), r.out());
        assertTrue(r.out().matches("(?s).*DevAddr\\s+ADDRESS\\s+f17dbe49 \\(49be7df1\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*FCnt\\s+COUNTER\\s+0200 \\(2\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*MIC\\s+MIC\\s+2b11ff0d.*"), r.out());
    }

    @Test
    void jsonHasTheSameFields() throws Exception {
        Result r = run("decode", "--profile", "lorawan", "--json", UPLINK_M);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals("UnconfirmedDataUp", n.get("type").asText());
        JsonNode mic = n.get("fields").get(n.get("fields").size() - 1);
        assertEquals("MIC", mic.get("kind").asText());
        assertEquals("2b11ff0d", mic.get("hex").asText());
        assertEquals(13, mic.get("offset").asInt());
    }

    @Test
    void aMalformedFrameNamesFieldAndOffsetAndExitsOne() {
        Result r = run("decode", "--profile", "lorawan", "40f17dbe49");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("FCtrl at offset 5"), r.out());
    }

    @Test
    void notHexIsAUsageError() {
        Result r = run("decode", "--profile", "lorawan", "zz");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ampbench: the frame is not hex"), r.err());
    }

    // --- --key: expected values from the published vectors lorawan10-uplink-m and lorawan10-joinaccept-e ---
    private static final String NWK_S_KEY_M = "44024241ed4ce9a68c6a8bc055233fd3";
    private static final String APP_S_KEY_M = "ec925802ae430ca77fd3dd73cb2cc588";
    private static final String JOIN_ACCEPT_E = "20493eeb51fba2116f810edb3742975142";
    private static final String APP_KEY_E = "00112233445566778899aabbccddeeff";

    @Test
    void keysVerifyTheMicAndDecryptThePayloadWithoutEchoingTheKeys() {
        Result r = run("decode", "--profile", "lorawan", "--key", "NwkSKey=" + NWK_S_KEY_M, "--key",
                "appskey=" + APP_S_KEY_M, UPLINK_M);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nMIC: VERIFIED (AES-CMAC under NwkSKey over B0"), r.out());
        assertTrue(r.out().contains("FRMPayload decrypted with AppSKey: 74657374"), r.out()); // "test"
        assertTrue(!r.out().contains(NWK_S_KEY_M) && !r.out().contains(APP_S_KEY_M), r.out());
    }

    @Test
    void aMicThatFailsUnderTheGivenKeyExitsOne() {
        Result r = run("decode", "--profile", "lorawan", "--key", "NwkSKey=" + APP_S_KEY_M, UPLINK_M);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("MIC: FAILED"), r.out());
    }

    @Test
    void aJoinAcceptDecryptsToItsFields() {
        Result r = run("decode", "--profile", "lorawan", "--key", "AppKey=" + APP_KEY_E, JOIN_ACCEPT_E);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("MIC: VERIFIED"), r.out());
        // the vector: JoinNonce 5704647 = 0x570bc7 (LSB first on the air), DevAddr 02031980
        assertTrue(r.out().matches("(?s).*JoinNonce\\s+NONCE\\s+c70b57 \\(570bc7\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*DevAddr\\s+ADDRESS\\s+80190302 \\(02031980\\).*"), r.out());
    }

    @Test
    void jsonCarriesChecksAndPlaintexts() throws Exception {
        Result r = run("decode", "--profile", "lorawan", "--json", "--key", "NwkSKey=" + NWK_S_KEY_M, "--key",
                "AppSKey=" + APP_S_KEY_M, UPLINK_M);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals("MIC", n.get("checks").get(0).get("what").asText());
        assertEquals("VERIFIED", n.get("checks").get(0).get("verdict").asText());
        assertEquals("FRMPayload", n.get("plaintexts").get(0).get("field").asText());
        assertEquals("AppSKey", n.get("plaintexts").get(0).get("key").asText());
        assertEquals("74657374", n.get("plaintexts").get(0).get("hex").asText());
        assertTrue(!r.out().contains(NWK_S_KEY_M) && !r.out().contains(APP_S_KEY_M), r.out());
    }

    @Test
    void anUnknownKeyNameIsOneLineExitTwo() {
        Result r = run("decode", "--profile", "lorawan", "--key", "SessionKey=" + NWK_S_KEY_M, UPLINK_M);
        assertEquals(2, r.code());
        assertEquals("ampbench: unknown key 'SessionKey' for lorawan; known: AppKey, NwkKey, NwkSKey, AppSKey, "
                + "FNwkSIntKey, SNwkSIntKey, NwkSEncKey", r.err().strip());
    }

    @Test
    void aKeyThatIsNotHexOrTooShortIsOneLineExitTwoAndNotEchoed() {
        String bad = "44024241ed4ce9a68c6a8bc055233fdq";
        Result r = run("decode", "--profile", "lorawan", "--key", "NwkSKey=" + bad, UPLINK_M);
        assertEquals(2, r.code());
        assertEquals("ampbench: key NwkSKey is not hex (a character that is not a hex digit)", r.err().strip());
        r = run("decode", "--profile", "lorawan", "--key", "NwkSKey=" + NWK_S_KEY_M.substring(2), UPLINK_M);
        assertEquals(2, r.code());
        assertEquals("ampbench: NwkSKey must be 16 octets (AES-128), not 15", r.err().strip());
        assertTrue(!r.err().contains(NWK_S_KEY_M.substring(2)) && r.out().isEmpty(), r.err() + r.out());
    }

    /** The reference frame of AmpProvKnownAnswerTest: REQ_SENSOR_DATA "ABCD" under Ek_1_0 (protocol/src/test/python). */
    @Test
    void anAmpProvProtectedFrameOpensWithTk1() {
        String tk1 = "634ecf1cfc99cb808b23eb9239faa2a6"; // SLIDES TK1 of the reference
        Result r = run("decode", "--profile", "amp-prov", "--key", "TK1=" + tk1,
                "100234010000000000000001603b39125f0b5f8a0319f72a");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("MIC: VERIFIED (AES-128-CCM under Ek_1_0 from TK1)"), r.out());
        assertTrue(r.out().contains("Payload decrypted with Ek_1_0 from TK1: 41424344"), r.out());
        assertTrue(!r.out().contains(tk1), r.out());
    }

    /** An amp-sec DownlinkData sealed by the profile's own AP after a handshake with its own STA; PTK from both. */
    @Test
    void anAmpSecDownlinkOpensWithThePtk() throws Exception {
        var id = dev.ampbench.emulator.firmware.AmpSecFirmware.identities(5, 1).get(0);
        var ctx = (java.util.function.LongFunction<dev.ampbench.protocol.machine.MachineContext>) seed ->
                new dev.ampbench.protocol.machine.MachineContext(
                        new dev.ampbench.protocol.machine.SeededRandomSource(seed),
                        new dev.ampbench.protocol.machine.ManualClock(0),
                        new dev.ampbench.protocol.machine.InMemoryStore());
        var ap = new dev.ampbench.protocol.ampsec.AmpSecAccessPoint(id.aa(), id.parameters(), java.util.List.of(id),
                ctx.apply(1), java.util.Set.of());
        var sta = new dev.ampbench.protocol.ampsec.AmpSecStation(id, ctx.apply(2), java.util.Set.of());
        byte[] trigger = tx(ap.trigger());
        byte[] response = tx(sta.receive(trigger));
        sta.receive(tx(ap.receive(response)));
        byte[] payload = "hello tag".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] downlink = tx(ap.sendData(id.sa(), payload));
        var keys = dev.ampbench.protocol.ampsec.AmpSecKeySchedule.ptk(id.parameters().format().akm(), id.pmk(),
                id.aa(), id.sa(), dev.ampbench.protocol.ampsec.TriggerFrame.decode(trigger).anonce(),
                dev.ampbench.protocol.ampsec.ResponseFrame.decode(response).snonce());
        byte[] ptk = new byte[48];
        System.arraycopy(keys.kck().bytes(), 0, ptk, 0, 16);
        System.arraycopy(keys.tk().bytes(), 0, ptk, 32, 16);
        String ptkHex = dev.ampbench.protocol.codec.Hex.encode(ptk);
        Result r = run("decode", "--profile", "amp-sec", "--key", "PTK=" + ptkHex,
                dev.ampbench.protocol.codec.Hex.encode(downlink));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("CCM MIC of Data: VERIFIED"), r.out());
        assertTrue(r.out().contains("Data decrypted with TK: " + dev.ampbench.protocol.codec.Hex.encode(payload)),
                r.out());
        assertTrue(!r.out().contains(ptkHex), r.out());
    }

    private static byte[] tx(java.util.List<dev.ampbench.protocol.machine.Effect> effects) {
        return effects.stream().filter(e -> e instanceof dev.ampbench.protocol.machine.Effect.Transmit)
                .map(e -> ((dev.ampbench.protocol.machine.Effect.Transmit) e).frame()).findFirst().orElseThrow();
    }
}
