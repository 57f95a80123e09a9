package dev.ampbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which category a failed conformance test lands in, judged by the regexes of categories.json as Allure applies them
 * (the whole message must match). The messages are the suites' own wording, copied from {@code ampbench run} output:
 * a crash or a hang after malformed input is a verdict on the rule it breaks (the message starts with the rule id, as
 * every suite verdict does) and says "(crash)", "(hang", "hung", "rebooted" or "stopped answering"; before, such results landed in "Protocol violation" and
 * "Crash or hang" stayed empty in every real report.
 */
class CategoriesTest {

    private static List<String> categoriesOf(String message) throws Exception {
        JsonNode categories = new ObjectMapper().readTree(AllureResults.categoriesJson());
        List<String> names = new ArrayList<>();
        for (JsonNode c : categories) {
            if (c.has("messageRegex") && message.matches(c.path("messageRegex").asText())) {
                names.add(c.path("name").asText());
            }
        }
        return names;
    }

    @Test
    void crashesAndHangsNamedBySuiteVerdictsAreCrashOrHangOnly() throws Exception {
        for (String m : List.of(
                "AIOT-S9-R1 broken: rebooted after a truncated frame (crash): boot counter 3 -> 4",
                "AIOT-S9-R1 broken: stopped answering after malformed frames (hang)",
                "AMP-PROV-R15 broken: rebooted (crash) after a 275-octet frame of zeros: boot counter 2 -> 3",
                "AMP-PROV-R15 broken: stopped answering (hang: no HEARTBEAT_ACK) after a truncated PROV_REQUEST",
                "LORAWAN-R1 broken: stopped answering (even HEARTBEAT) after an oversized frame (hang)",
                "AIOT-S9-R1 broken: hung on a 400-octet frame: serial /dev/pts/1 @115200 did not answer AIR_INJECT within"
                        + " 1000 ms",
                "AMP-SEC-R1 broken: rebooted on a Trigger cut to 43 octets (EVENT BOOT watchdog) instead of rejecting it",
                "CRASH ORACLE: watchdog reset",
                "HANG ORACLE: no answer for 5 s")) {
            assertEquals(List.of("Crash or hang"), categoriesOf(m), m);
        }
    }

    @Test
    void otherRuleVerdictsAreProtocolViolationsOnly() throws Exception {
        for (String m : List.of(
                "AIOT-S9-R7 broken: answered the same paging (same network nonce) twice",
                "LORAWAN-R7 broken: delivered downlink FCnt 0 after FCnt 1: 60c2465b00000000057dd341b2c78904183a66d75c",
                "AMP-SEC-R3 violated: ANonce 5aa5 reused after power cut",
                "AMP-PROV-R8 broken: power cut 3 ms after REQ_SENSOR_DATA 10: after reboot STATUS says PROVISIONING")) {
            assertEquals(List.of("Protocol violation"), categoriesOf(m), m);
        }
    }
}
