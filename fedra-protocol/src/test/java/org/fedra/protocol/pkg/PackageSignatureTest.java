package org.fedra.protocol.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Researchers' signatures: they verify for the signed package only, survive their JSON form and PEM keys. */
class PackageSignatureTest {
    @TempDir
    Path dir;

    static AnalysisPackage pkg(String code) {
        return AnalysisPackage.of(Map.of("manifest.json", AnalysisPackageTest.MANIFEST.getBytes(StandardCharsets.UTF_8),
                "main.py", code.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignatureVerifiesForItsPackageOnly() {
        KeyPair researcher = PackageSignature.newKeyPair();
        AnalysisPackage p = pkg("print(1)\n");
        PackageSignature s = PackageSignature.sign(p.hash(), researcher);
        assertThat(s.verifies(p.hash())).isTrue();
        assertThat(s.signer()).matches("ed25519:[0-9a-f]{64}").isEqualTo(PackageSignature.fingerprint(researcher.getPublic().getEncoded()));

        assertThat(s.verifies(pkg("print(2)\n").hash())).as("another package").isFalse();
        PackageSignature moved = new PackageSignature(pkg("print(2)\n").hash(), s.encodedKey(), s.signature());
        assertThat(moved.verifies()).as("the signature carried over to another hash").isFalse();
        PackageSignature byOther = new PackageSignature(p.hash(), PackageSignature.newKeyPair().getPublic().getEncoded(), s.signature());
        assertThat(byOther.verifies()).as("someone else's key").isFalse();
        byte[] flipped = s.signature();
        flipped[5] ^= 1;
        assertThat(new PackageSignature(p.hash(), s.encodedKey(), flipped).verifies()).isFalse();
    }

    @Test
    void theJsonFormAndPemKeysRoundTrip() {
        KeyPair researcher = PackageSignature.newKeyPair();
        Pem.write(dir.resolve("r.key"), true, researcher.getPrivate());
        Pem.write(dir.resolve("r.pub"), false, researcher.getPublic());
        KeyPair read = new KeyPair(Pem.readPublicKey(dir.resolve("r.pub")), Pem.readPrivateKey(dir.resolve("r.key")));
        assertThat(PackageSignature.keyPair(read.getPrivate()).getPublic()).as("the public half derived from the private key").isEqualTo(read.getPublic());
        AnalysisPackage p = pkg("print(1)\n");
        PackageSignature s = PackageSignature.sign(p.hash(), read);
        PackageSignature back = PackageSignature.parse(JsonCodec.bytes(s.toJson()), "x.sig");
        assertThat(back).isEqualTo(s);
        assertThat(back.verifies(p.hash())).isTrue();
        assertThat(back.signer()).isEqualTo(PackageSignature.fingerprint(researcher.getPublic().getEncoded()));
    }

    @Test
    void badSignatureFilesAndKeysAreNamed() {
        assertThatThrownBy(() -> PackageSignature.parse("{}".getBytes(StandardCharsets.UTF_8), "x.sig")).hasMessage("x.sig $.algorithm: is required");
        assertThatThrownBy(() -> PackageSignature.parse("{\"algorithm\": \"Ed25519\", \"package\": \"md5:1\"}".getBytes(StandardCharsets.UTF_8), "x.sig"))
                .hasMessage("x.sig $.package: a package hash is sha256: and 64 lower-case hex digits, was md5:1");
        assertThatThrownBy(() -> PackageSignature.sign(pkg("").hash(), Certificates.newKeyPair()))
                .hasMessageStartingWith("signing key: must be an Ed25519 key");
        assertThatThrownBy(() -> PackageSignature.keyPair(Certificates.newKeyPair().getPrivate()))
                .hasMessageStartingWith("signing key: must be an Ed25519 key");
    }
}
