package dev.ampbench.bench.audit;

import dev.ampbench.bench.capture.Capture;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.aiots9.AiotS9MacObserver;
import dev.ampbench.protocol.aiots9.AiotS9Rule;
import dev.ampbench.protocol.ampprov.AmpProvMicObserver;
import dev.ampbench.protocol.ampprov.AmpProvRule;
import dev.ampbench.protocol.ampsec.AmpSecMicObserver;
import dev.ampbench.protocol.ampsec.AmpSecRule;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.lorawan.LoRaWanMicObserver;
import dev.ampbench.protocol.lorawan.LoRaWanRule;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a capture offline, with no hardware: the rule checks that need only the frames on the air. Each check
 * names the rule of the frame's profile ({@code docs/protocols/<profile>.md}) and the frame number; the checks and
 * their scope are listed in {@code docs/captures.md}.
 *
 * <ul>
 *   <li><b>decode</b>: every frame decodes with its profile's codec (AMP-PROV-R15, AMP-SEC-R1, AIOT-S9-R1,
 *       LORAWAN-R1);</li>
 *   <li><b>nonce reuse</b>: a random nonce never appears twice (TagNonce AMP-PROV-R2, TkNonce AMP-PROV-R6, SNonce
 *       AMP-SEC-R3, ANonce AMP-SEC-R4, NetworkNonce AIOT-S9-R3, DeviceNonce AIOT-S9-R4); a LoRaWAN DevNonce, a
 *       counter, grows for each (JoinEUI, DevEUI) (LORAWAN-R2);</li>
 *   <li><b>counter rollback or repeat</b>, per sender and address: amp-prov Cntr never goes back (AMP-PROV-R9) and
 *       Seq grows under one key (AMP-PROV-R12); amp-sec PN grows within a session (AMP-SEC-R10); LoRaWAN FCnt grows
 *       within a session (LORAWAN-R6, a 16-bit wrap allowed);</li>
 *   <li><b>protocol order</b>: an answer needs an outstanding request of its kind on the same link, and answers it
 *       once (amp-prov PROV_RESPONSE AMP-PROV-R5, PROV_CONFIRM AMP-PROV-R7; amp-sec Response AMP-SEC-R5, Confirm and
 *       protected data before a Confirm AMP-SEC-R15; aiot-s9 responses AIOT-S9-R9; LoRaWAN JoinAccept
 *       LORAWAN-R10).</li>
 * </ul>
 *
 * With keys ({@link AuditKeys}), MICs too: LoRaWAN JoinRequest, JoinAccept and the data frames of sessions whose join
 * is in the capture (LORAWAN-R4, {@code LoRaWanMicObserver}); aiot-s9 Macs of frames for a device whose keys are given
 * (AIOT-S9-R5, {@code AiotS9MacObserver}); amp-sec handshake MICs, UlData, data and PmkUpdate MICs of pairs whose
 * PMK is given (AMP-SEC-R7, {@code AmpSecMicObserver}); amp-prov PROV_RESPONSE (AMP-PROV-R3), PROV_CONFIRM
 * (AMP-PROV-R7) and protected frames' CCM (AMP-PROV-R11) of tags whose identity is given
 * ({@code AmpProvMicObserver}).
 */
public final class CaptureAuditor {

    private CaptureAuditor() {
    }

    public static AuditReport audit(Capture capture) {
        return audit(capture, AuditKeys.NONE);
    }

    public static AuditReport audit(Capture capture, AuditKeys keys) {
        State s = new State(keys);
        int checked = 0;
        for (CapturedFrame f : capture.ampbenchFrames()) {
            checked++;
            s.judge(f);
        }
        return new AuditReport(checked, s.micsVerified, s.findings, capture.truncatedTail());
    }

    /** A decoded frame's fields by name. */
    private record Fields(Frame frame, byte[] bytes, Map<String, FieldDescriptor> byName) {
        static Fields of(Frame f) {
            Map<String, FieldDescriptor> m = new HashMap<>();
            for (FieldDescriptor d : f.fields()) {
                m.putIfAbsent(d.name(), d);
            }
            return new Fields(f, f.encode(), m);
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }

        byte[] raw(String name) {
            FieldDescriptor d = byName.get(name);
            return d == null ? new byte[0] : Arrays.copyOfRange(bytes, d.offset(), d.end());
        }

        String hex(String name) {
            return Hex.encode(raw(name));
        }

        long uint(String name) {
            FieldDescriptor d = byName.get(name);
            long v = 0;
            for (int i = 0; i < d.length(); i++) {
                int k = d.order() == ByteOrder.LITTLE_ENDIAN ? d.end() - 1 - i : d.offset() + i;
                v = (v << 8) | (bytes[k] & 0xFF);
            }
            return v;
        }

        String type() {
            return frame.type();
        }
    }

    private static final class State {
        final AuditKeys keys;
        final List<Finding> findings = new ArrayList<>();
        int micsVerified;
        /** MIC observers per link (interface id): each link is its own air. */
        final Map<Integer, LoRaWanMicObserver> loRaWanObservers = new HashMap<>();
        final Map<Integer, AiotS9MacObserver> aiotS9Observers = new HashMap<>();
        final Map<Integer, AmpSecMicObserver> ampSecObservers = new HashMap<>();
        final Map<Integer, AmpProvMicObserver> ampProvObservers = new HashMap<>();

        State(AuditKeys keys) {
            this.keys = keys;
        }
        /** Random nonces: profile/field/value -> frame number first seen. */
        final Map<String, Integer> nonces = new HashMap<>();
        /** Counters: key -> {last value, frame number}. */
        final Map<String, long[]> counters = new HashMap<>();
        /** Outstanding requests: link/kind -> frame numbers. */
        final Map<String, Deque<Integer>> outstanding = new HashMap<>();

        void judge(CapturedFrame cf) {
            Profile p = cf.profile().orElseThrow();
            Frame frame;
            try {
                frame = Profiles.codec(p).decode(cf.frame());
            } catch (FrameDecodeException e) {
                add(cf, decodeRule(p), "does not decode: " + e.getMessage());
                return;
            }
            Fields f = Fields.of(frame);
            Role sender = cf.direction() == Direction.FROM_DUT ? cf.dutRole().orElseThrow()
                    : cf.dutRole().orElseThrow().peer();
            String link = cf.iface().id() + "/" + cf.iface().name() + "/";
            switch (p) {
                case AMP_PROV -> ampProv(cf, f, sender, link);
                case AMP_SEC -> ampSec(cf, f, sender, link);
                case AIOT_S9 -> aiotS9(cf, f, link);
                case LORAWAN -> loraWan(cf, f, sender, link);
            }
            mic(cf, p);
        }

        private void mic(CapturedFrame cf, Profile p) {
            try {
                if (p == Profile.LORAWAN && !keys.loRaWan().isEmpty()) {
                    var v = loRaWanObservers.computeIfAbsent(cf.iface().id(),
                            k -> new LoRaWanMicObserver(keys.loRaWan())).observe(cf.frame());
                    if (v.status() == LoRaWanMicObserver.Status.FAILED) {
                        add(cf, LoRaWanRule.R4, v.detail());
                    } else if (v.status() == LoRaWanMicObserver.Status.VERIFIED) {
                        micsVerified++;
                    }
                } else if (p == Profile.AIOT_S9 && !keys.aiotS9().isEmpty()) {
                    var v = aiotS9Observers.computeIfAbsent(cf.iface().id(),
                            k -> new AiotS9MacObserver(keys.aiotS9())).observe(cf.frame());
                    if (v.status() == AiotS9MacObserver.Status.FAILED) {
                        add(cf, AiotS9Rule.R5, v.detail());
                    } else if (v.status() == AiotS9MacObserver.Status.VERIFIED) {
                        micsVerified++;
                    }
                } else if (p == Profile.AMP_SEC && !keys.ampSec().isEmpty()) {
                    var v = ampSecObservers.computeIfAbsent(cf.iface().id(),
                            k -> new AmpSecMicObserver(keys.ampSec())).observe(cf.frame());
                    if (v.status() == AmpSecMicObserver.Status.FAILED) {
                        add(cf, v.rule(), v.detail());
                    } else if (v.status() == AmpSecMicObserver.Status.VERIFIED) {
                        micsVerified++;
                    }
                } else if (p == Profile.AMP_PROV && !keys.ampProv().isEmpty()) {
                    var v = ampProvObservers.computeIfAbsent(cf.iface().id(),
                            k -> new AmpProvMicObserver(keys.ampProv())).observe(cf.frame());
                    if (v.status() == AmpProvMicObserver.Status.FAILED) {
                        add(cf, v.rule(), v.detail());
                    } else if (v.status() == AmpProvMicObserver.Status.VERIFIED) {
                        micsVerified++;
                    }
                }
            } catch (FrameDecodeException e) {
                // judged above already: a frame that does not decode has its finding
            }
        }

        private void ampProv(CapturedFrame cf, Fields f, Role sender, String link) {
            nonce(cf, f, "TagNonce", AmpProvRule.R2);
            nonce(cf, f, "TkNonce", AmpProvRule.R6);
            String t = f.type();
            switch (t) {
                case "PROV_REQUEST" -> request(link + "prov-request/" + f.hex("IdHash"), cf);
                case "PROV_RESPONSE" -> answer(cf, link + "prov-request/" + f.hex("IdHash"), AmpProvRule.R5,
                        "PROV_RESPONSE with no PROV_REQUEST outstanding from that tag", link + "prov-response/");
                case "PROV_CONFIRM" -> answer(cf, link + "prov-response/", AmpProvRule.R7,
                        "PROV_CONFIRM with no PROV_RESPONSE outstanding", null);
                default -> {
                }
            }
            if (f.has("Cntr") && f.has("LocalAddr")) {
                String who = link + sender + "/" + f.hex("LocalAddr");
                long cntr = f.uint("Cntr");
                long[] last = counters.get(who + "/Cntr");
                if (last != null && cntr < last[0]) {
                    add(cf, AmpProvRule.R9, "Cntr " + cntr + " after " + last[0] + " in frame " + last[1]
                            + " (key counter rolled back)");
                } else {
                    counters.put(who + "/Cntr", new long[] {cntr, cf.number()});
                }
                if (f.has("Seq") && !"REKEY".equals(t)) {
                    increasing(cf, who + "/Seq/" + f.hex("KeySel") + "/" + cntr, f.uint("Seq"), "Seq", AmpProvRule.R12,
                            0);
                }
            }
        }

        private void ampSec(CapturedFrame cf, Fields f, Role sender, String link) {
            nonce(cf, f, "SNonce", AmpSecRule.R3);
            String t = f.type();
            if ("Trigger".equals(t)) {
                nonce(cf, f, "ANonce", AmpSecRule.R4);
            }
            String pair = link + f.hex("AA") + "/";
            switch (t) {
                case "Trigger" -> request(pair + "trigger/" + f.hex("ANonceId"), cf);
                case "Response" -> {
                    // a Trigger may be broadcast and answered by several STAs: it must have been sent, not consumed
                    Deque<Integer> q = outstanding.get(pair + "trigger/" + f.hex("ANonceId"));
                    if (q == null || q.isEmpty()) {
                        add(cf, AmpSecRule.R5, "Response with no Trigger of ANonceId " + f.hex("ANonceId")
                                + " before it");
                    }
                    request(pair + f.hex("SA") + "/response", cf);
                }
                case "Confirm" -> {
                    answer(cf, pair + f.hex("SA") + "/response", AmpSecRule.R15,
                            "Confirm with no Response outstanding from that STA", null);
                    // a new PTK: packet numbers start over for this pair
                    counters.keySet().removeIf(k -> k.startsWith(pair + f.hex("SA") + "/PN/"));
                    counters.put(pair + f.hex("SA") + "/established", new long[] {1, cf.number()});
                }
                default -> {
                }
            }
            if (f.has("PN")) {
                String sa = f.has("SA") ? f.hex("SA") : f.has("DA") ? f.hex("DA") : "";
                if (!counters.containsKey(pair + sa + "/established")) {
                    add(cf, AmpSecRule.R15, t + " under a session no Confirm in this capture established");
                }
                increasing(cf, pair + sa + "/PN/" + sender, f.uint("PN"), "PN", AmpSecRule.R10, 0);
            }
        }

        private void aiotS9(CapturedFrame cf, Fields f, String link) {
            nonce(cf, f, "NetworkNonce", AiotS9Rule.R3);
            nonce(cf, f, "DeviceNonce", AiotS9Rule.R4);
            switch (f.type()) {
                case "Paging" -> request(link + "paging", cf);
                case "Command" -> request(link + "command", cf);
                case "PagingResponse" -> answer(cf, link + "paging", AiotS9Rule.R9,
                        "PagingResponse with no Paging outstanding", null);
                case "CommandResponse" -> answer(cf, link + "command", AiotS9Rule.R9,
                        "CommandResponse with no Command outstanding", null);
                default -> {
                }
            }
        }

        private void loraWan(CapturedFrame cf, Fields f, Role sender, String link) {
            String t = f.type();
            if ("JoinRequest".equals(t) || "RejoinRequest".equals(t)) {
                if (f.has("DevNonce")) {
                    increasing(cf, link + "DevNonce/" + f.hex("JoinEUI") + "/" + f.hex("DevEUI"), f.uint("DevNonce"),
                            "DevNonce", LoRaWanRule.R2, 0);
                }
                request(link + "join", cf);
                return;
            }
            if ("JoinAccept".equals(t)) {
                answer(cf, link + "join", LoRaWanRule.R10, "JoinAccept with no JoinRequest outstanding", null);
                counters.keySet().removeIf(k -> k.startsWith(link + "FCnt/")); // counters restart at each join
                return;
            }
            if (f.has("FCnt") && f.has("DevAddr")) {
                boolean network = f.has("FPort") && f.uint("FPort") > 0;
                increasing(cf, link + "FCnt/" + f.hex("DevAddr") + "/" + sender + "/" + (network ? "A" : "N"),
                        f.uint("FCnt"), "FCnt", LoRaWanRule.R6, 0x10000);
            }
        }

        /** The value must be greater than the last of the same key; {@code wrap}: modulus of a counter that may wrap. */
        private void increasing(CapturedFrame cf, String key, long value, String name, Rule rule, long wrap) {
            long[] last = counters.get(key);
            if (last != null) {
                boolean wrapped = wrap > 0 && last[0] >= wrap - wrap / 16 && value < wrap / 16;
                if (value <= last[0] && !wrapped) {
                    add(cf, rule, name + " " + value + (value == last[0] ? " repeated" : " rolled back")
                            + " after " + last[0] + " in frame " + last[1]);
                    return;
                }
            }
            counters.put(key, new long[] {value, cf.number()});
        }

        private void nonce(CapturedFrame cf, Fields f, String field, Rule rule) {
            if (!f.has(field)) {
                return;
            }
            String key = cf.profile().orElseThrow().id() + "/" + field + "/" + f.hex(field);
            Integer first = nonces.putIfAbsent(key, cf.number());
            if (first != null) {
                add(cf, rule, field + " " + f.hex(field) + " reused: first seen in frame " + first);
            }
        }

        private void request(String key, CapturedFrame cf) {
            outstanding.computeIfAbsent(key, k -> new ArrayDeque<>()).add(cf.number());
        }

        /** Consumes the oldest outstanding request of {@code key}; a finding when there is none. */
        private void answer(CapturedFrame cf, String key, Rule rule, String message, String nowOutstanding) {
            Deque<Integer> q = outstanding.get(key);
            if (q == null || q.isEmpty()) {
                add(cf, rule, message);
            } else {
                q.poll();
            }
            if (nowOutstanding != null) {
                request(nowOutstanding, cf);
            }
        }

        private void add(CapturedFrame cf, Rule rule, String message) {
            findings.add(new Finding(cf.number(), rule, cf.direction().arrow() + " " + message));
        }
    }

    static Rule decodeRule(Profile p) {
        return switch (p) {
            case AMP_PROV -> AmpProvRule.R15;
            case AMP_SEC -> AmpSecRule.R1;
            case AIOT_S9 -> AiotS9Rule.R1;
            case LORAWAN -> LoRaWanRule.R1;
        };
    }
}
