package org.fedra.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingFormTest {
    private static String build(String... pairs) {
        Map<String, String> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) form.put(pairs[i], pairs[i + 1]);
        return TrainingForm.build(form::get).toString();
    }

    @Test
    void theFormBecomesTheTrainingRequestTheCliSends() {
        assertThat(build("name", "heart", "features", "age=http://loinc.org|30525-0@a\r\n\nsex\ncp=urn:x|cp", "outcome", "num=urn:x|num", "outcomeAbove", "0",
                "strategy", "fedprox", "rounds", "5", "learningRate", "0.05", "seed", "7", "noiseMultiplier", "1.1", "epsilonBudget", "8"))
                .isEqualTo("{\"name\":\"heart\",\"model\":{\"family\":\"tabular\",\"features\":["
                        + "{\"name\":\"age\",\"system\":\"http://loinc.org\",\"code\":\"30525-0\",\"unit\":\"a\"},{\"name\":\"sex\",\"patient\":\"sex\"},"
                        + "{\"name\":\"cp\",\"system\":\"urn:x\",\"code\":\"cp\"}],\"outcome\":{\"name\":\"num\",\"system\":\"urn:x\",\"code\":\"num\"},"
                        + "\"outcomeAbove\":0.0,\"testFraction\":0.25},\"config\":{\"strategy\":\"fedprox\",\"rounds\":5,\"learningRate\":0.05,\"seed\":7,"
                        + "\"dp\":{\"noiseMultiplier\":1.1,\"epsilonBudget\":8.0}}}");
    }

    @Test
    void errorsNameTheField() {
        assertError(() -> build("outcome", "num=urn:x|num"), "features", "features: give at least one, one per line (NAME=SYSTEM|CODE[@UNIT], age or sex)");
        assertError(() -> build("features", "age\nchol", "outcome", "num=urn:x|num"), "features",
                "features, line 2: write NAME=SYSTEM|CODE[@UNIT], age or sex, not 'chol'");
        assertError(() -> build("features", "age"), "outcome", "outcome: is required (NAME=SYSTEM|CODE[@UNIT])");
        assertError(() -> build("features", "age", "outcome", "num=urn:x|num", "rounds", "2.5"), "rounds", "rounds: must be a whole number, was '2.5'");
        assertError(() -> build("features", "age", "outcome", "num=urn:x|num", "strategy", "sgd"), "strategy",
                "strategy: must be one of [fedavg, fedprox, fedadam, fedyogi], was 'sgd'");
        assertError(() -> build("features", "age", "outcome", "num=urn:x|num", "noiseMultiplier", "1"), "epsilonBudget",
                "epsilonBudget: is required with differential privacy (a noise multiplier)");
        // the training codec's errors name a JSON path; the form field is found from it
        assertThat(TrainingForm.fieldOf("config.rounds: must be from 1 to 1000, was 5000")).isEqualTo("rounds");
        assertThat(TrainingForm.fieldOf("$.model.features[2]: a variable must be an object")).isEqualTo("features");
        assertThat(TrainingForm.fieldOf("something else")).isEqualTo("training");
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FeasibilityForm.FieldError.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
