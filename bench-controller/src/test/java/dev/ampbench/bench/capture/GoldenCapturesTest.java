package dev.ampbench.bench.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.audit.AuditReport;
import dev.ampbench.bench.audit.CaptureAuditor;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The golden captures of fixtures/captures/ still hold complete, rule-abiding exchanges, and the emulator still
 * produces the same frame sequences. {@code -Dampbench.golden.write=true} rewrites the fixtures from this run
 * (docs/captures.md).
 */
class GoldenCapturesTest {

    /** The (direction, frame type) sequence each golden capture must hold: the handshake completed, by the spec. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "amp-prov-tag", List.of("> PROV_BEACON", "< PROV_REQUEST", "> PROV_RESPONSE", "< PROV_CONFIRM",
                    "> PROV_BEACON", "< PROV_REQUEST", "> PROV_RESPONSE", "< PROV_CONFIRM", "> REQ_SENSOR_DATA",
                    "< RES_SENSOR_DATA", "> REQ_SENSOR_DATA", "< RES_SENSOR_DATA"),
            "amp-prov-gateway", List.of("< PROV_BEACON", "> PROV_REQUEST", "< PROV_RESPONSE", "> PROV_CONFIRM",
                    "< PROV_BEACON", "> PROV_REQUEST", "< PROV_RESPONSE", "> PROV_CONFIRM", "< PROV_BEACON",
                    "> PROV_REQUEST", "< PROV_RESPONSE", "> PROV_CONFIRM", "< REQ_SENSOR_DATA", "> RES_SENSOR_DATA"),
            "amp-sec-tag", List.of("> Trigger", "< Response", "> Confirm", "> DownlinkData", "> DownlinkData",
                    "< UplinkData", "< UplinkData"),
            "amp-sec-gateway", List.of("< Trigger", "> Response", "< Confirm", "> UplinkData", "> UplinkData",
                    "< DownlinkData", "< DownlinkData"),
            "aiot-s9-tag", List.of("> Paging", "< PagingResponse", "> Command", "< CommandResponse", "> Command",
                    "< CommandResponse"),
            "aiot-s9-gateway", List.of("< Paging", "> PagingResponse", "< Command", "> CommandResponse"),
            "lorawan-tag", List.of("< JoinRequest", "> JoinAccept", "< JoinRequest", "> JoinAccept",
                    "< UnconfirmedDataUp", "< ConfirmedDataUp", "> UnconfirmedDataDown", "> ConfirmedDataDown",
                    "< UnconfirmedDataUp"),
            "lorawan-gateway", List.of("> JoinRequest", "< JoinAccept", "> JoinRequest", "< JoinAccept",
                    "> JoinRequest", "< JoinAccept", "> UnconfirmedDataUp", "> ConfirmedDataUp",
                    "< UnconfirmedDataDown", "< UnconfirmedDataDown", "> JoinRequest", "< JoinAccept",
                    "> UnconfirmedDataUp", "> ConfirmedDataUp", "< UnconfirmedDataDown", "< UnconfirmedDataDown"));

    private static List<String> sequence(Capture c) throws Exception {
        List<String> out = new ArrayList<>();
        for (CapturedFrame f : c.ampbenchFrames()) {
            // every frame decodes with its profile's codec (a FrameDecodeException fails the test)
            String type = Profiles.codec(f.profile().orElseThrow()).decode(f.frame()).type();
            out.add((f.direction() == Direction.FROM_DUT ? "< " : "> ") + type);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyGoldenCaptureDecodesCompletesItsExchangeAndAuditsClean(Profile profile) throws Exception {
        for (Role role : Role.values()) {
            String name = profile.id() + "-" + role.cliName();
            Capture c = CaptureFixtures.read(profile, role);
            assertTrue(c.truncatedTail().isEmpty(), name + ": " + c.truncatedTail());
            for (CapturedFrame f : c.ampbenchFrames()) {
                assertEquals(profile, f.profile().orElseThrow(), name);
                assertEquals(role, f.dutRole().orElseThrow(), name);
            }
            assertEquals(EXPECTED.get(name), sequence(c), name);
            AuditReport r = CaptureAuditor.audit(c);
            assertTrue(r.clean(), name + ": " + r.findings());
            assertEquals(EXPECTED.get(name).size(), r.framesChecked());
            if (profile == Profile.LORAWAN) {
                assertEquals(2 * r.framesChecked(), c.frames().size(), name + ": every frame also on LoRaTap");
            }
            assertTrue(Files.size(CaptureFixtures.golden(profile, role)) < 4096, name + " stays small");
        }
    }

    @Test
    void theEmulatorStillProducesTheGoldenSequences(@TempDir Path out) throws Exception {
        List<Path> made = GoldenCaptures.generate(out);
        assertEquals(8, made.size());
        for (Path p : made) {
            String name = p.getFileName().toString().replace(".pcapng", "");
            Capture c = PcapngReader.read(p);
            assertEquals(EXPECTED.get(name), sequence(c), name);
            assertTrue(CaptureAuditor.audit(c).clean(), name);
        }
        if (Boolean.getBoolean("ampbench.golden.write")) {
            for (Path p : made) {
                Files.copy(p, CaptureFixtures.dir().resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
