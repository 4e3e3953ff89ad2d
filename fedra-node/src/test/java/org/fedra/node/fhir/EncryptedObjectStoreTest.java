package org.fedra.node.fhir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptedObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesEncryptedContentAddressedObjectsThatDecryptToTheOriginalBytes() throws Exception {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 9);
        EncryptedObjectStore store = new EncryptedObjectStore(dir, new SecretKeySpec(key, "AES"), new SecureRandom());
        byte[] data = "DICM\0 some pixel data that must not be readable at rest".getBytes();
        String address = store.put(data);
        assertThat(address).isEqualTo(EncryptedObjectStore.address(data));
        assertThat(store.put(data)).isEqualTo(address);
        byte[] onDisk = Files.readAllBytes(store.file(address));
        assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("pixel data");
        assertThat(onDisk).hasSize(12 + data.length + 16);
        assertThat(store.get(address)).hasValue(data);

        EncryptedObjectStore otherKey = new EncryptedObjectStore(dir, new SecretKeySpec(new byte[32], "AES"), new SecureRandom());
        assertThatThrownBy(() -> otherKey.get(address)).hasMessageContaining("fails authentication");
        onDisk[20] ^= 1;
        Files.write(store.file(address), onDisk);
        assertThatThrownBy(() -> store.get(address)).hasMessageContaining("fails authentication");

        assertThat(store.delete(address)).isTrue();
        assertThat(store.get(address)).isEmpty();
        assertThatThrownBy(() -> store.get("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
