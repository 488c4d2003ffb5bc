using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using TuneWise.Core.Spaces;
using TuneWise.MLNet.Tuning;

namespace TuneWise.MLNet.Tests.Tuning;

/// <summary>LightGBM on <see cref="SyntheticData.Prices"/> as the tuning API tunes it: the options a trial's parameters give, and the space searched.</summary>
internal static class PriceLightGbm
{
    /// <summary>LightGBM's regression options for one trial.</summary>
    public static LightGbmRegressionTrainer.Options Options(TrialParameters p) => new()
    {
        LabelColumnName = "Price",
        NumberOfLeaves = p.Int("numberOfLeaves"),
        MinimumExampleCountPerLeaf = p.Int("minimumExampleCountPerLeaf"),
        LearningRate = p.Double("learningRate"),
        NumberOfIterations = p.Int("numberOfIterations"),
    };

    /// <summary>LightGBM for one trial, seeded so a trial trained again is the same model.</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, TrialParameters p)
    {
        var options = Options(p);
        options.Seed = 1;
        return ml.Regression.Trainers.LightGbm(options);
    }

    /// <summary>A study of LightGBM on prices: R², TPE, no report.</summary>
    public static TuningExperiment Experiment(MLContext ml, IDataView train, IDataView validation) => ml.CreateTuningExperiment()
        .SetName("prices-lightgbm")
        .SetDataset(train, validation)
        .SetFeaturizer(ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age"))
        .SetTrainer(PredictionKind.Regression, Trainer, labelColumnName: "Price")
        .SetMetric(TuningMetric.RSquared)
        .SetSearchSpace(Space)
        .SetSampler(TuneWise.Core.Experiments.SamplerKind.Tpe)
        .SetReport(null);

    /// <summary>Leaves, the smallest leaf, the learning rate and the number of trees.</summary>
    public static void Space(SearchSpaceBuilder space) => space
        .Int("numberOfLeaves", 2, 64, log: true)
        .Int("minimumExampleCountPerLeaf", 1, 30)
        .Float("learningRate", 0.01, 0.5, log: true)
        .Int("numberOfIterations", 20, 400, log: true);
}
