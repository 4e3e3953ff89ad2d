package org.fedra.node.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedra.imaging.DjlImageEvaluator;
import org.fedra.imaging.DjlImageTrainer;
import org.fedra.imaging.ImageModelSpec;
import org.fedra.imaging.ImageSet;
import org.fedra.learn.fl.FederatedTraining;
import org.fedra.learn.fl.InMemoryFederation;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.PooledMetrics;
import org.fedra.learn.fl.ServerState;
import org.fedra.node.synth.imaging.ImagingCohort;
import org.fedra.node.synth.imaging.ImagingSiteProfile;
import org.fedra.privacy.secagg.FixedPointCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's acceptance on generated phantoms: three sites with different scanner profiles; every image goes through
 * the node's path (DICOM file, Java pixel decoding, windowing, MONOCHROME1, resampling to the model grid). Federated
 * training (FedAvg, vectors through the secure-aggregation fixed-point encoding and summed) is compared with pooled
 * training of the same model on the same split (one node holding every training image), both with the same seeds:
 * job seed 14; chest X-ray cohort seeds 101/102/103, held-out split seeds 7/8/9 (25 % of each site's radiographs);
 * cardiac CT cohort seeds 201/202/203, split seeds 17/18/19 (about 25 % of each site's volumes). Both tests print
 * their figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "fedra.imaging.acceptance", matches = "true",
        disabledReason = "several minutes of training on 2 cores; run with -Dfedra.imaging.acceptance=true")
class ImagingFederationAcceptanceTest {
    private static final String[] SITES = {"city-university", "rural-general", "heart-centre"};
    private static final long JOB_SEED = 14;
    /** Model grid: every site's radiographs (56, 64 and 80 pixels square) are resampled to it. */
    private static final int SIZE = 32;

    private final Map<String, ImageSet> xrayTrain = new LinkedHashMap<>();
    private final Map<String, ImageSet> xrayTest = new LinkedHashMap<>();
    private final Map<String, ImageSet> ctTrain = new LinkedHashMap<>();
    private final Map<String, ImageSet> ctTest = new LinkedHashMap<>();
    private int brokenSkipped;

    @BeforeAll
    void generate(@TempDir Path dir) throws Exception {
        for (int s = 0; s < SITES.length; s++) {
            var studies = new ImagingCohort(ImagingSiteProfile.named(SITES[s]), ImagingCohort.Kind.CHEST_XRAY, 101 + s, 1)
                    .write(dir.resolve(SITES[s]), 210);
            ImageSetBuilder train = new ImageSetBuilder(ImagePreprocessing.fileWindow(SIZE), ImageSetBuilder.CompressedPixelSource.NONE);
            ImageSetBuilder test = new ImageSetBuilder(ImagePreprocessing.fileWindow(SIZE), ImageSetBuilder.CompressedPixelSource.NONE);
            SplittableRandom split = new SplittableRandom(7 + s);
            for (var st : studies) {
                (split.nextDouble() < 0.25 ? test : train).addLabelled(st.patientId(), Files.readAllBytes(st.files().get(0)), st.lesion() ? 1 : 0);
            }
            // a broken DICOM among one site's inputs is skipped with its reason, the rest trains
            if (s == 0) {
                train.addLabelled("MR_truncated.dcm", Files.readAllBytes(Path.of("/work/shared/data/dicom/MR_truncated.dcm")), 1);
                brokenSkipped = train.skipped().size();
            }
            xrayTrain.put(SITES[s], train.classification());
            xrayTest.put(SITES[s], test.classification());

            // cardiac CT: a contrast window (centre 150 HU, width 600 HU) keeps ventricle and myocardium apart
            var volumes = new ImagingCohort(ImagingSiteProfile.named(SITES[s]), ImagingCohort.Kind.CARDIAC_CT, 201 + s, 1)
                    .write(dir.resolve(SITES[s] + "-ct"), 16);
            ImageSetBuilder ctTr = new ImageSetBuilder(new ImagePreprocessing(SIZE, 150, 600), ImageSetBuilder.CompressedPixelSource.NONE);
            ImageSetBuilder ctTe = new ImageSetBuilder(new ImagePreprocessing(SIZE, 150, 600), ImageSetBuilder.CompressedPixelSource.NONE);
            SplittableRandom ctSplit = new SplittableRandom(17 + s);
            for (var v : volumes) {
                List<byte[]> images = new ArrayList<>();
                List<byte[]> labels = new ArrayList<>();
                for (Path f : v.files()) (f.getFileName().toString().contains("-lv-") ? labels : images).add(Files.readAllBytes(f));
                (ctSplit.nextDouble() < 0.25 ? ctTe : ctTr).addVolume(v.patientId(), images, labels);
            }
            assertEquals(0, ctTr.skipped().size() + ctTe.skipped().size(), () -> "skipped " + ctTr.skipped() + ctTe.skipped());
            ctTrain.put(SITES[s], ctTr.segmentation());
            ctTest.put(SITES[s], ctTe.segmentation());
        }
    }

    @Test
    void federatedChestXrayAucIsWithinTwoHundredthsOfPooled() {
        assertEquals(1, brokenSkipped);
        int images = 0;
        for (String s : SITES) images += xrayTrain.get(s).count() + xrayTest.get(s).count();
        assertEquals(630, images);
        ImageModelSpec spec = new ImageModelSpec(ImageModelSpec.CLASSIFIER, SIZE, new int[] {8, 16, 16}, "cpu");
        // the same number of SGD steps for both: a site holds a third of the images, so it takes 3 local epochs per
        // round where the pooled node takes one
        Map<String, Object> federatedJob = Map.of("rounds", 25, "localEpochs", 3, "batchSize", 16, "learningRate", 0.3,
                "seed", JOB_SEED, "secureAggregation", true);
        Map<String, Object> pooledJob = Map.of("rounds", 25, "localEpochs", 1, "batchSize", 16, "learningRate", 0.3,
                "seed", JOB_SEED, "secureAggregation", true);
        double federated = auc(spec, train(spec, federatedJob, xrayTrain));
        double pooled = auc(spec, train(spec, pooledJob, Map.of("pooled", ImageSet.concat(new ArrayList<>(xrayTrain.values())))));
        System.out.printf("chest X-ray held-out AUC: federated %.4f, pooled %.4f%n", federated, pooled);
        assertTrue(pooled > 0.8, "pooled AUC " + pooled + ", federated " + federated);
        assertTrue(Math.abs(federated - pooled) <= 0.02, "federated " + federated + " vs pooled " + pooled);
    }

    @Test
    void federatedCardiacCtDiceIsWithinThreeHundredthsOfPooled() {
        ImageModelSpec spec = new ImageModelSpec(ImageModelSpec.SEGMENTATION, SIZE, new int[] {8, 16}, "cpu");
        Map<String, Object> federatedJob = Map.of("rounds", 30, "localEpochs", 3, "batchSize", 16, "learningRate", 0.1,
                "seed", JOB_SEED, "secureAggregation", true);
        Map<String, Object> pooledJob = Map.of("rounds", 30, "localEpochs", 1, "batchSize", 16, "learningRate", 0.1,
                "seed", JOB_SEED, "secureAggregation", true);
        PooledMetrics federated = metrics(spec, train(spec, federatedJob, ctTrain), ctTest);
        PooledMetrics pooled = metrics(spec, train(spec, pooledJob, Map.of("pooled", ImageSet.concat(new ArrayList<>(ctTrain.values())))), ctTest);
        System.out.printf("cardiac CT held-out Dice: federated %.4f (HD95 %.2f px), pooled %.4f (HD95 %.2f px)%n",
                federated.value("dice"), federated.value("hd95"), pooled.value("dice"), pooled.value("hd95"));
        assertTrue(pooled.value("dice") > 0.7, "pooled Dice " + pooled.value("dice"));
        assertTrue(Math.abs(federated.value("dice") - pooled.value("dice")) <= 0.03,
                "federated " + federated.value("dice") + " vs pooled " + pooled.value("dice"));
    }

    private static PooledMetrics metrics(ImageModelSpec spec, double[] parameters, Map<String, ImageSet> tests) {
        double[] sum = new double[spec.metricLayout().length()];
        for (ImageSet test : tests.values()) {
            double[] v = new DjlImageEvaluator().evaluate(spec, parameters, test);
            for (int k = 0; k < sum.length; k++) sum[k] += v[k];
        }
        return spec.metricLayout().summarise(sum);
    }

    private static double[] train(ImageModelSpec spec, Map<String, Object> job, Map<String, ImageSet> sites) {
        JobConfig config = JobConfig.fromMap(job);
        FederatedTraining training = new FederatedTraining(config, spec, List.copyOf(sites.keySet()));
        FixedPointCodec codec = FixedPointCodec.forClients(sites.size());
        // what secure aggregation does to each node's vector: fixed-point encoded (the masks cancel exactly in the sum)
        InMemoryFederation federation = new InMemoryFederation(training, sites, new DjlImageTrainer(),
                (node, round, v) -> codec.decodeSum(codec.encode(v), 1));
        ServerState end = federation.run(r -> { });
        return end.parameters();
    }

    private double auc(ImageModelSpec spec, double[] parameters) {
        double[] sum = new double[spec.metricLayout().length()];
        for (ImageSet test : xrayTest.values()) {
            double[] v = new DjlImageEvaluator().evaluate(spec, parameters, test);
            for (int k = 0; k < sum.length; k++) sum[k] += v[k];
        }
        PooledMetrics m = spec.metricLayout().summarise(sum);
        return m.value("auc");
    }
}
