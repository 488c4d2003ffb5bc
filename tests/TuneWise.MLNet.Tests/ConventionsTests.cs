using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TuneWise.Core.Experiments;

namespace TuneWise.MLNet.Tests;

/// <summary>The trainer behaves as a trainer of ML.NET's catalog does: options, context, log, feature importance, errors.</summary>
public class ConventionsTests
{
    private static NeuralNetworkOptions Small() => new() { HiddenLayers = [16], NumberOfEpochs = 3, BatchSize = 32, LearningRate = 3e-3 };

    private static IEstimator<ITransformer> Colours(MLContext ml, NeuralNetworkOptions options) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Colour")
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D"))
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(options));

    [Theory]
    [InlineData(nameof(NeuralNetworkOptions.NumberOfEpochs), 0, "NeuralNetworkOptions.NumberOfEpochs must be > 0, got 0")]
    [InlineData(nameof(NeuralNetworkOptions.Dropout), 1.5, "NeuralNetworkOptions.Dropout must be in [0, 1), got 1.5")]
    [InlineData(nameof(NeuralNetworkOptions.LearningRate), -0.1, "NeuralNetworkOptions.LearningRate must be > 0, got -0.1")]
    [InlineData(nameof(NeuralNetworkOptions.ValidationFraction), 1.0, "NeuralNetworkOptions.ValidationFraction must be in [0, 1), got 1")]
    [InlineData(nameof(NeuralNetworkOptions.HiddenLayers), 0, "NeuralNetworkOptions.HiddenLayers[0] must be > 0, got 0")]
    public void Options_out_of_range_are_refused_by_the_experiment_files_rules_in_the_options_names(string option, double value, string message)
    {
        var ml = new MLContext(1);
        var options = Small();
        if (option == nameof(NeuralNetworkOptions.HiddenLayers)) options.HiddenLayers = [(int)value];
        else
        {
            var property = typeof(NeuralNetworkOptions).GetProperty(option)!;
            property.SetValue(options, Convert.ChangeType(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType));
        }
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Colours(ml, options).Fit(SyntheticData.Colours(ml, 60, 1)));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("training.", e.Message);
        Assert.DoesNotContain("model.", e.Message);
    }

    [Fact]
    public void Without_a_seed_in_the_options_the_contexts_seed_decides_the_network()
    {
        float[] Scores(int seed)
        {
            var ml = new MLContext(seed);
            var model = Colours(ml, Small()).Fit(SyntheticData.Colours(ml, 150, 1));
            return model.Transform(SyntheticData.Colours(ml, 20, 2)).GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).ToArray();
        }
        Assert.Equal(Scores(7), Scores(7));
        Assert.NotEqual(Scores(7), Scores(8));
    }

    [Fact]
    public void Epochs_and_health_warnings_go_to_the_contexts_log_in_the_options_terms()
    {
        var ml = new MLContext(1);
        var lines = new List<(ChannelMessageKind Kind, string Message)>();
        ml.Log += (_, e) => { if (e.Source.Contains(nameof(NeuralNetworkTrainer))) lock (lines) lines.Add((e.Kind, e.RawMessage)); };
        // Features on scales from 0.1 to 100 and no scaling: the preflight warns about unscaled inputs.
        var options = Small();
        options.Normalize = NormalizeKind.None;
        options.StopOnFatal = false;
        Colours(ml, options).Fit(SyntheticData.Colours(ml, 150, 1));

        Assert.Contains(lines, l => l.Kind == ChannelMessageKind.Info && l.Message.StartsWith("epoch 1/3: train loss "));
        Assert.Contains(lines, l => l.Message.StartsWith("epoch 3/3: "));
        var warning = Assert.Single(lines, l => l.Kind == ChannelMessageKind.Warning && l.Message.Contains("input_unscaled"));
        Assert.Contains("'A'", warning.Message);                      // the source column, not "feature 0"
        Assert.Contains("Normalize: Standardize", warning.Message);    // the option, not data.normalize
        Assert.DoesNotContain("data.", warning.Message);
    }

    [Fact]
    public void A_missing_value_names_its_source_column_and_ReplaceMissingValues()
    {
        var ml = new MLContext(1);
        var rows = ml.Data.CreateEnumerable<SyntheticData.ColourRow>(SyntheticData.Colours(ml, 90, 1), reuseRowObject: false).ToList();
        rows[17].C = float.NaN;
        var e = Assert.Throws<UnhealthyTrainingException>(() => Colours(ml, Small()).Fit(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("column 'C'", e.Message);
        Assert.Contains("ml.Transforms.ReplaceMissingValues", e.Message);
        Assert.DoesNotContain("feature 2", e.Message);
    }

    [Fact]
    public void Permutation_feature_importance_ranks_the_informative_columns_of_a_trained_network()
    {
        var ml = new MLContext(1);
        var options = Small();
        options.NumberOfEpochs = 20;
        var featurizer = ml.Transforms.Conversion.MapValueToKey("Label", "Colour").Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D")).Fit(SyntheticData.Colours(ml, 600, 1));
        var network = ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(featurizer.Transform(SyntheticData.Colours(ml, 600, 1)));
        var test = featurizer.Transform(SyntheticData.Colours(ml, 300, 2));

        // ML.NET's own call on a prediction transformer: one result per slot of the feature vector (A, B, C, D).
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(network, test, permutationCount: 3);
        Assert.Equal(4, importance.Length);
        double Drop(int slot) => -importance[slot].MicroAccuracy.Mean;
        // A separates all three colours, C is noise.
        Assert.True(Drop(0) > 0.2, $"A: {Drop(0):F3}");
        Assert.True(Drop(2) < 0.05, $"C: {Drop(2):F3}");
        Assert.True(Drop(0) > Drop(2) + 0.15);
    }

    [Fact]
    public void No_public_type_of_the_ML_NET_packages_shares_a_name_with_one_of_MLNets_namespaces()
    {
        string[] mlNetNamespaces = ["Microsoft.ML", "Microsoft.ML.Data", "Microsoft.ML.Trainers", "Microsoft.ML.Transforms"];
        var mlNet = new[] { typeof(MLContext), typeof(TextLoader), typeof(Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer), typeof(Microsoft.ML.Transforms.NormalizingEstimator) }
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes()).Where(t => mlNetNamespaces.Contains(t.Namespace)).Select(t => t.Name).ToHashSet();
        // What an ML.NET user imports beside ML.NET's own namespaces.
        var ours = new[] { typeof(NeuralNetworkTrainer).Assembly, typeof(Experiment).Assembly, typeof(TuneWise.MLNet.Scoring.NetworkColumns).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Namespace is "TuneWise.MLNet" or "TuneWise.MLNet.Tuning" or "TuneWise.MLNet.Scoring" or "TuneWise.Core.Experiments");
        Assert.Empty(ours.Where(t => mlNet.Contains(t.Name)).Select(t => t.FullName));
    }
}
