using System.Diagnostics;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;
using TuneWise.MLNet;
using TuneWise.MLNet.Sample;
using TuneWise.MLNet.Tests;
using TuneWise.MLNet.Tests.Tuning;
using TuneWise.MLNet.Tuning;
using TuneWise.Models.Data;

namespace TuneWise.Benchmarks;

/// <summary>
/// The ML.NET integration measured: the neural trainer on the bundled Fashion-MNIST read as an
/// IDataView, save/load round trips, the tuning API tuning the neural trainer on the sample's CSV,
/// and the same API tuning LightGBM against LightGBM's defaults where they are weak (60 rows).
/// </summary>
internal static class MlNetBenchmark
{
    public static string Run()
    {
        var table = new StringBuilder();
        FashionMnist(table);
        Customers(table);
        LightGbm(table);
        return table.ToString();
    }

    private static void FashionMnist(StringBuilder table)
    {
        var ml = new MLContext(1);
        var split = ml.Data.TrainTestSplit(FashionMnistView.Load(ml, Path.Combine("data", "fashion-mnist")), testFraction: 0.2, seed: 1);
        table.AppendLine("Neural trainer in an ML.NET pipeline on the bundled Fashion-MNIST (10,000 images as an IDataView; 8,000 to train, 2,000 held out):")
            .AppendLine()
            .AppendLine("| model | held-out accuracy | fit seconds | save → load: largest score change |")
            .AppendLine("|---|---|---|---|");
        foreach (var (name, options) in new[]
        {
            ("MLP [256, 128], 10 epochs", new NeuralNetworkOptions { FeatureColumnName = "Pixels", HiddenLayers = [256, 128], NumberOfEpochs = 10 }),
            ("CNN [16, 32] + [64], batch norm, 6 epochs", new NeuralNetworkOptions
            {
                FeatureColumnName = "Pixels", ImageShape = [1, 28, 28],
                Architecture = ModelKind.Cnn, Channels = [16, 32], HiddenLayers = [64], BatchNormalization = true,
                NumberOfEpochs = 6,
            }),
        })
        {
            var clock = Stopwatch.StartNew();
            var model = ml.Transforms.Conversion.MapValueToKey("Label", "Garment").Append(ml.MulticlassClassification.Trainers.NeuralNetwork(options)).Fit(split.TrainSet);
            double seconds = clock.Elapsed.TotalSeconds;
            var scored = model.Transform(split.TestSet);
            double accuracy = ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
            using var file = new MemoryStream();
            ml.Model.Save(model, split.TrainSet.Schema, file);
            file.Position = 0;
            var loaded = new MLContext(2).Model.Load(file, out _);
            double change = Scores(scored).Zip(Scores(loaded.Transform(split.TestSet))).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
            table.AppendLine($"| {name} | {accuracy:P2} | {seconds:F1} | {change:G3} |");
        }
        table.AppendLine();
    }

    private static void Customers(StringBuilder table)
    {
        var ml = new MLContext(1);
        var all = ml.Data.LoadFromTextFile<Customer>(Path.Combine("samples", "TuneWise.MLNet.Sample", "data", "customers.csv"), separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 1);
        var featurizer = CustomerTuning.Featurizer(ml);
        var options = CustomerTuning.Network();
        var clock = Stopwatch.StartNew();
        var result = ml.CreateTuningExperiment().SetName("customers-benchmark").SetDataset(split.TrainSet, 0.2).SetFeaturizer(featurizer)
            .SetNeuralNetwork(PredictionKind.Multiclass, options).SetMetric(TuningMetric.MicroAccuracy)
            .SetSearchSpace(CustomerTuning.Space)
            .SetBudget(16).SetReport(null).RunAsync().GetAwaiter().GetResult();
        double seconds = clock.Elapsed.TotalSeconds;
        var complete = result.Study.Trials.Where(t => t.Record.State == TrialState.Complete).Select(t => result.Study.Objective.Value(t.Record.Value!.Value)).ToList();
        double Test(ITransformer model) => ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet)).MicroAccuracy;
        double untuned = Test(featurizer.Append(ml.MulticlassClassification.Trainers.NeuralNetwork(options)).Fit(split.TrainSet));
        double lightGbm = Test(featurizer.Append(ml.MulticlassClassification.Trainers.LightGbm()).Fit(split.TrainSet));
        table.AppendLine("Tuning API, neural trainer, on the sample's `customers.csv` (4,800 rows to tune on, 20 % of them for validation; 1,200 rows held out for the test; 16 trials, TPE, health + ASHA):")
            .AppendLine()
            .AppendLine("| measure | value |")
            .AppendLine("|---|---|")
            .AppendLine($"| trials complete / pruned / unhealthy | {complete.Count} / {result.Study.Count(TrialState.Pruned) - result.Study.Unhealthy} / {result.Study.Unhealthy} |")
            .AppendLine($"| worst complete trial, validation accuracy | {complete.Min():P1} |")
            .AppendLine($"| best trial, validation accuracy | {result.Study.BestValue:P1} |")
            .AppendLine($"| returned model, validation accuracy (ML.NET evaluator) | {result.ValidationMetrics["MicroAccuracy"]:P1} |")
            .AppendLine($"| returned model, test accuracy | {Test(result.Model):P1} |")
            .AppendLine($"| the same network untuned (Adam 1e-3, batch 64), test accuracy | {untuned:P1} |")
            .AppendLine($"| LightGBM with its defaults, test accuracy (for scale) | {lightGbm:P1} |")
            .AppendLine($"| wall time of the tuning run | {seconds:F0} s |")
            .AppendLine();
    }

    private static void LightGbm(StringBuilder table)
    {
        table.AppendLine("Tuning API, LightGBM through an estimator factory, against LightGBM's defaults on a regression with 60 training rows (defaults need 20 rows per leaf); 25 trials, TPE; validation 300 rows (selects the trial), test 1,000 fresh rows:")
            .AppendLine()
            .AppendLine("| data seed | defaults: validation R² | tuned: validation R² | defaults: test R² | tuned: test R² |")
            .AppendLine("|---|---|---|---|---|");
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var ml = new MLContext(seed);
            var train = SyntheticData.Prices(ml, 60, seed);
            var validation = SyntheticData.Prices(ml, 300, seed + 100);
            var test = SyntheticData.Prices(ml, 1000, seed + 200);
            var features = ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age");
            var defaults = features.Append(ml.Regression.Trainers.LightGbm(labelColumnName: "Price")).Fit(train);
            var result = ml.CreateTuningExperiment().SetName($"prices-{seed}").SetSeed(seed).SetDataset(train, validation).SetFeaturizer(features)
                .SetTrainer(PredictionKind.Regression, (context, p) => context.Regression.Trainers.LightGbm(PriceLightGbm.Options(p)), "Price")
                .SetMetric(TuningMetric.RSquared)
                .SetSearchSpace(PriceLightGbm.Space)
                .SetBudget(25).SetReport(null).RunAsync().GetAwaiter().GetResult();
            double R2(ITransformer model, IDataView data) => ml.Regression.Evaluate(model.Transform(data), "Price").RSquared;
            table.AppendLine($"| {seed} | {R2(defaults, validation):F3} | {R2(result.Model, validation):F3} | {R2(defaults, test):F3} | {R2(result.Model, test):F3} |");
        }
    }

    private static IEnumerable<float[]> Scores(IDataView scored) =>
        scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray());
}
