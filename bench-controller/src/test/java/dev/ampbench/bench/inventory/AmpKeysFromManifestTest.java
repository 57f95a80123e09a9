package dev.ampbench.bench.inventory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampsec.AmpSecAkm;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.codec.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * amp-sec and amp-prov rows become the protocol module's personalization records, with the deployment's parameters
 * from the row; a row that lacks what a bench needs is one clear error naming the file, line and column; no secret
 * reaches a toString or an error.
 */
class AmpKeysFromManifestTest {
    private static final Path SRC = Path.of("/batch/keys.csv");
    private static final String PMK = "40ce2dfad4734244837705ec6eb782181cba9aa2dc97f831dcfbfc4bd65c2405";
    // RFC 7748 section 6.1: Alice's and Bob's X25519 key pairs, as a_privk/a_pubk and as_privk/as_pubk
    private static final String A_PRIV = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private static final String A_PUB = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String AS_PRIV = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String AS_PUB = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String A_SN = "a4ef1958e3dedaa60297aeeee161ce93";

    private static ManifestEntry row(String header, String row) throws ConfigError {
        return KeyManifest.parseCsv(SRC, (header + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8))
                .entries().get(0);
    }

    @Test
    void theExampleManifestsAmpSecRowsBecomePersonalizations() throws ConfigError {
        KeyManifest m = Fixtures.exampleManifestOpened();
        AmpSecPersonalization tag = m.entry("tag-prov-01", Profile.AMP_SEC).orElseThrow().ampSec();
        assertEquals("02f0e0d0c0b0", Hex.encode(tag.aa()));
        assertEquals("02a1b2c3d4e5", Hex.encode(tag.sa()));
        assertEquals(PMK, Hex.encode(tag.pmk().bytes()));
        assertEquals(0, tag.pmkGeneration());
        assertEquals(6, tag.parameters().format().addressLength());
        assertEquals(32, tag.parameters().format().nonceLength());
        assertEquals(AmpSecAkm.CMAC_KDF_SHA256, tag.parameters().format().akm());
        assertEquals(10_000, tag.parameters().anonceLifetimeMillis());

        AmpSecPersonalization ap = m.entry("emu-sec-ap", Profile.AMP_SEC).orElseThrow().ampSec();
        assertEquals(3, ap.pmkGeneration());
        assertEquals(AmpSecAkm.HMAC_SHA1_PRF_SHA1, ap.parameters().format().akm());
    }

    @Test
    void theExampleManifestsAmpProvRowBecomesAPersonalizationWhosePublicKeysAreTheRows() throws ConfigError {
        ManifestEntry e = Fixtures.exampleManifestOpened().entry("tag-prov-01", Profile.AMP_PROV).orElseThrow();
        AmpProvPersonalization p = e.ampProv(Role.DEVICE);
        assertEquals(A_SN, Hex.encode(p.serialNumber().bytes()));
        assertEquals(4660, p.gatewayId());
        assertEquals(KdfMode.STRONG, p.mode());
        assertEquals(e.identity(ManifestColumn.A_PUBK).orElseThrow(),
                Hex.encode(p.deviceIdentity().tagPublicKey()));
        assertEquals(e.identity(ManifestColumn.AS_PUBK).orElseThrow(),
                Hex.encode(p.deviceIdentity().asPublicKey()));
    }

    @Test
    void deploymentParametersComeFromTheRow() throws ConfigError {
        AmpSecPersonalization p = row("id,profile,sa,aa,pmk,pmk_generation,akm,nonce_length,anonce_lifetime_ms",
                "t1,amp-sec,0a0b,0c0d," + PMK + ",9,HMAC_SHA1_PRF_SHA1,16,2500").ampSec();
        assertEquals(2, p.parameters().format().addressLength());
        assertEquals(16, p.parameters().format().nonceLength());
        assertEquals(AmpSecAkm.HMAC_SHA1_PRF_SHA1, p.parameters().format().akm());
        assertEquals(2500, p.parameters().anonceLifetimeMillis());
        assertEquals(9, p.pmkGeneration());
    }

    @Test
    void anAmpSecRowWithoutTheApAddressIsOneClearError() throws ConfigError {
        ManifestEntry e = row("id,profile,sa,pmk", "t1,amp-sec,0a0b0c0d0e0f," + PMK);
        ConfigError err = assertThrows(ConfigError.class, e::ampSec);
        assertEquals("/batch/keys.csv:2: row t1 (amp-sec): aa is empty; the bench needs the AP's address to play the"
                + " AP of a tag, or to know a gateway's", err.getMessage());
    }

    @Test
    void anAmpSecRowWhoseSaIsBroadcastIsRefusedByTheProtocolsOwnCheck() throws ConfigError {
        ManifestEntry e = row("id,profile,sa,aa,pmk", "t1,amp-sec,ffffffffffff,0a0b0c0d0e0f," + PMK);
        ConfigError err = assertThrows(ConfigError.class, e::ampSec);
        assertEquals("/batch/keys.csv:2: row t1 (amp-sec): SA must not be the broadcast address", err.getMessage());
    }

    @Test
    void anAmpProvRowWithOnlyPublicKeysNamesWhatIsMissing() throws ConfigError {
        ManifestEntry e = row("id,profile,a_sn,a_pubk,as_pubk,kdf_mode",
                "t1,amp-prov," + A_SN + "," + A_PUB + "," + AS_PUB + ",SLIDES");
        assertEquals("/batch/keys.csv:2: row t1 (amp-prov): a_privk, as_privk are empty; a bench needs them to play"
                + " the other side of a tag (docs/key-manifest.md)",
                assertThrows(ConfigError.class, () -> e.ampProv(Role.DEVICE)).getMessage());
        ManifestEntry gw = row("id,profile,a_sn,a_privk,as_privk,kdf_mode",
                "g1,amp-prov," + A_SN + "," + A_PRIV + "," + AS_PRIV + ",SLIDES");
        assertEquals("/batch/keys.csv:2: row g1 (amp-prov): gwid is empty; a bench needs them to play the other"
                + " side of a gateway (docs/key-manifest.md)",
                assertThrows(ConfigError.class, () -> gw.ampProv(Role.INFRASTRUCTURE)).getMessage());
        assertEquals(0, gw.ampProv(Role.DEVICE).gatewayId());
    }

    @Test
    void aPublicKeyThatIsNotThatOfItsPrivateKeyIsRefusedWithoutShowingEither() {
        ConfigError err = assertThrows(ConfigError.class, () -> row("id,profile,a_sn,a_privk,a_pubk,as_privk,kdf_mode",
                "t1,amp-prov," + A_SN + "," + A_PRIV + "," + AS_PUB + "," + AS_PRIV + ",SLIDES"));
        assertEquals("/batch/keys.csv:2: a_pubk is not the public key of a_privk (X25519)", err.getMessage());
        ConfigError as = assertThrows(ConfigError.class, () -> row("id,profile,a_sn,a_privk,as_privk,as_pubk,kdf_mode",
                "t1,amp-prov," + A_SN + "," + A_PRIV + "," + AS_PRIV + "," + A_PUB + ",SLIDES"));
        assertEquals("/batch/keys.csv:2: as_pubk is not the public key of as_privk (X25519)", as.getMessage());
    }

    @Test
    void noSecretReachesAToStringOrAnError() throws ConfigError {
        List<String> secrets = List.of(PMK, A_PRIV, AS_PRIV, A_SN);
        AmpSecPersonalization sec = row("id,profile,sa,aa,pmk", "t1,amp-sec,0a0b0c0d0e0f,0a0b0c0d0e01," + PMK)
                .ampSec();
        ManifestEntry provRow = row("id,profile,a_sn,a_privk,as_privk,kdf_mode,gwid",
                "t1,amp-prov," + A_SN + "," + A_PRIV + "," + AS_PRIV + ",STRONG,7");
        AmpProvPersonalization prov = provRow.ampProv(Role.INFRASTRUCTURE);
        List<String> texts = new java.util.ArrayList<>(List.of(sec.toString(), prov.toString(), provRow.toString(),
                prov.deviceIdentity().toString(), prov.deviceRecord().toString()));
        texts.add(assertThrows(ConfigError.class, () -> row("id,profile,a_sn,a_pubk,kdf_mode",
                "t1,amp-prov," + A_SN + "," + A_PUB + ",SLIDES").ampProv(Role.DEVICE)).toString());
        texts.add(assertThrows(ConfigError.class, () -> row("id,profile,sa,pmk",
                "t1,amp-sec,0a0b0c0d0e0f," + PMK).ampSec()).toString());
        for (String t : texts) {
            for (String s : secrets) {
                assertFalse(t.toLowerCase(Locale.ROOT).contains(s.substring(0, 8)), () -> "secret leaked: " + t);
            }
        }
    }

    @Provide
    Arbitrary<String> ampSecRows() {
        return Arbitraries.integers().between(2, 8).flatMap(len -> Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(len).filter(b -> !allFf(b)),
                Arbitraries.bytes().array(byte[].class).ofSize(len),
                Arbitraries.of("32", "16"), Arbitraries.of(AmpSecAkm.values()),
                Arbitraries.integers().between(1, 3_600_000), Arbitraries.integers().between(0, 0xFFFF))
                .as((sa, aa, nonce, akm, life, gen) -> String.join(",", "d", "amp-sec", Hex.encode(sa),
                        Hex.encode(aa), PMK, nonce, akm.name(), Integer.toString(life), Integer.toString(gen))));
    }

    private static boolean allFf(byte[] b) {
        for (byte x : b) {
            if (x != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Every valid amp-sec row: the personalization carries exactly the row's values, whatever they are. */
    @Property(tries = 200)
    void everyAmpSecRowBecomesExactlyItsValues(@ForAll("ampSecRows") String csvRow) throws ConfigError {
        String[] f = csvRow.split(",");
        AmpSecPersonalization p = row("id,profile,sa,aa,pmk,nonce_length,akm,anonce_lifetime_ms,pmk_generation",
                csvRow).ampSec();
        assertArrayEquals(Hex.decode(f[2]), p.sa());
        assertArrayEquals(Hex.decode(f[3]), p.aa());
        assertEquals(f[2].length() / 2, p.parameters().format().addressLength());
        assertEquals(Integer.parseInt(f[5]), p.parameters().format().nonceLength());
        assertEquals(AmpSecAkm.valueOf(f[6]), p.parameters().format().akm());
        assertEquals(Long.parseLong(f[7]), p.parameters().anonceLifetimeMillis());
        assertEquals(Integer.parseInt(f[8]), p.pmkGeneration());
    }
}
