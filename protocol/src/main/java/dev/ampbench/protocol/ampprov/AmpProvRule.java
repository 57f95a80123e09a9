package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Optional;

/** The numbered rules of {@code docs/protocols/amp-prov.md}; rejections and verdicts cite them. */
public enum AmpProvRule implements Rule {
    R1("The tag stays in provisioning mode until a verified PROV_RESPONSE has given it its local address, and "
            + "accepts no protected frame before."),
    R2("The tag draws a fresh TagNonce from its random generator for every PROV_REQUEST, also after power loss."),
    R3("The tag accepts a provisioning downlink only if its MIC under KCK, which proves knowledge of the tag's "
            + "secret identity, verifies over the frame, the tag's TagNonce and Hash(A_pubk)."),
    R4("Both sides use the KDF mode recorded for the tag: the tag accepts only a response echoing its mode and the "
            + "infrastructure refuses a request in any other mode."),
    R5("The infrastructure sends at most one downlink, the PROV_RESPONSE, per provisioning request after the "
            + "broadcast, and never answers a TagNonce twice."),
    R6("The infrastructure draws a fresh TkNonce for every PROV_RESPONSE."),
    R7("The infrastructure treats a tag as provisioned only after a PROV_CONFIRM (or, if that was lost, a first "
            + "protected response) whose MIC proves the tag derived the same keys."),
    R8("The tag writes its provisioning record to non-volatile storage before leaving provisioning mode and keeps "
            + "its local address and key state across power loss."),
    R9("The key counter only moves forward: a REKEY is accepted only with a greater Cntr (or as a repeat of the one "
            + "that installed the current key), and the new KeySel and Cntr are stored before the new key is used, so "
            + "no session key is ever used again."),
    R10("A protected frame other than REKEY uses the current KeySel and Cntr."),
    R11("A protected frame takes effect only after its AES-CCM MIC under Ek_x_i verifies."),
    R12("A protected downlink is accepted only with a Seq greater than the last accepted under the same key (stored "
            + "before answering), and a response only if it echoes an outstanding request's Seq."),
    R13("The tag ignores frames for another local address or another tag, and provisioning beacons once "
            + "provisioned."),
    R14("On an authenticated REPROVISION or a local factory reset the tag erases its provisioning and session "
            + "records, keeps its factory state, and returns to provisioning mode."),
    R15("A frame that does not decode under the spec's field tables is refused.");

    private final String summary;

    AmpProvRule(String summary) {
        this.summary = summary;
    }

    @Override
    public String id() {
        return "AMP-PROV-" + name();
    }

    @Override
    public String summary() {
        return summary;
    }

    /** The rule a machine told to exhibit {@code d} breaks, or empty when amp-prov cannot exhibit it. */
    public static Optional<Rule> brokenBy(Deviation d) {
        AmpProvRule r = switch (d) {
            case LEAVES_PROVISIONING_EARLY -> R1;
            case NONCE_REUSED_AFTER_POWER_LOSS -> R2;
            case MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY -> R3;
            case POLICY_DOWNGRADE_ACCEPTED -> R4;
            case NONCE_NOT_FRESH -> R6;
            case COUNTER_RESET_ON_POWER_LOSS -> R9;
            case REPLAY_ACCEPTED -> R12;
            case ANSWERS_FOREIGN_ADDRESS -> R13;
            // Keys are meant to survive power loss in this profile (R8): there is nothing to get wrong.
            case KEYS_KEPT_ACROSS_POWER_LOSS -> null;
        };
        return Optional.ofNullable(r);
    }
}
