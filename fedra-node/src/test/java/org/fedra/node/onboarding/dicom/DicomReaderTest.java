package org.fedra.node.onboarding.dicom;

import org.fedra.node.fhir.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DicomReaderTest {
    static byte[] file(String name) throws Exception {
        return Files.readAllBytes(SharedData.dir().resolve("dicom").resolve(name + ".dcm"));
    }

    @ParameterizedTest
    @CsvSource({
            "CT_small, CT, 1.2.840.10008.1.2.1",
            "MR_small, MR, 1.2.840.10008.1.2.1",
            "MR_small_implicit, MR, 1.2.840.10008.1.2",
            "MR_small_bigendian, MR, 1.2.840.10008.1.2.2",
            "JPEG2000, NM, 1.2.840.10008.1.2.4.91",
            "SC_rgb_rle, OT, 1.2.840.10008.1.2.5",
            "image_dfl, OT, 1.2.840.10008.1.2.1.99",
            "liver_1frame, SEG, 1.2.840.10008.1.2.1",
            "rtplan, RTPLAN, 1.2.840.10008.1.2",
            "test-SR, SR, 1.2.840.10008.1.2.1",
            "waveform_ecg, ECG, 1.2.840.10008.1.2.1"})
    void readsEveryGoodSampleCompletely(String name, String modality, String transferSyntax) throws Exception {
        DicomInstance i = DicomReader.read(file(name));
        assertThat(i.modality()).isEqualTo(modality);
        assertThat(i.transferSyntaxUid()).isEqualTo(transferSyntax);
        assertThat(i.sopInstanceUid()).isNotBlank();
        assertThat(i.studyInstanceUid()).isNotBlank();
        assertThat(i.seriesInstanceUid()).isNotBlank();
        assertThat(i.sopClassUid()).startsWith("1.2.840.10008.5.1.4.1.1.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "no_meta; not a DICOM Part 10 file: no 'DICM' prefix at byte 128",
            "badVR; invalid value '1A' for value representation IS of element (0028,0008) at byte 1000",
            "MR_truncated; truncated: element (7FE0,0010)",
            "rtplan_truncated; truncated"})
    void refusesTheBrokenSamplesWithAReason(String name, String reason) {
        assertThatThrownBy(() -> DicomReader.read(file(name))).isInstanceOf(InvalidDicomException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 131})
    void refusesTooShortFiles(int length) {
        assertThatThrownBy(() -> DicomReader.read(new byte[length])).isInstanceOf(InvalidDicomException.class);
    }
}
