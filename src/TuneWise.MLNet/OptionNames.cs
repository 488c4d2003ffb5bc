using System.Text.RegularExpressions;
using TuneWise.Core.Health;

namespace TuneWise.MLNet;

/// <summary>
/// Speaks to ML.NET users in their own terms: the experiment file's paths that checks, diagnoses and
/// fixes name (<c>training.learningRate</c>) become <see cref="NeuralNetworkOptions"/> properties
/// (<c>LearningRate</c>), and advice meant for the command line becomes the ML.NET call that does it.
/// </summary>
internal static partial class OptionNames
{
    // One home for which option sets which experiment value (ToExperiment writes them in this order).
    private static readonly Dictionary<string, string> ByPath = new(StringComparer.Ordinal)
    {
        ["model.kind"] = nameof(NeuralNetworkOptions.Architecture),
        ["model.hidden"] = nameof(NeuralNetworkOptions.HiddenLayers),
        ["model.channels"] = nameof(NeuralNetworkOptions.Channels),
        ["model.blocks"] = nameof(NeuralNetworkOptions.ResidualBlocks),
        ["model.activation"] = nameof(NeuralNetworkOptions.Activation),
        ["model.init"] = nameof(NeuralNetworkOptions.Initialization),
        ["model.batchNorm"] = nameof(NeuralNetworkOptions.BatchNormalization),
        ["model.dropout"] = nameof(NeuralNetworkOptions.Dropout),
        ["training.epochs"] = nameof(NeuralNetworkOptions.NumberOfEpochs),
        ["training.batchSize"] = nameof(NeuralNetworkOptions.BatchSize),
        ["training.optimizer"] = nameof(NeuralNetworkOptions.Optimizer),
        ["training.learningRate"] = nameof(NeuralNetworkOptions.LearningRate),
        ["training.momentum"] = nameof(NeuralNetworkOptions.Momentum),
        ["training.schedule"] = nameof(NeuralNetworkOptions.LearningRateSchedule),
        ["training.l2"] = nameof(NeuralNetworkOptions.L2Regularization),
        ["training.weightDecay"] = nameof(NeuralNetworkOptions.WeightDecay),
        ["training.clip.mode"] = nameof(NeuralNetworkOptions.GradientClipping),
        ["training.clip.threshold"] = nameof(NeuralNetworkOptions.GradientClippingThreshold),
        ["training.clip"] = nameof(NeuralNetworkOptions.GradientClipping),
        ["training.device"] = nameof(NeuralNetworkOptions.Device),
        ["health.cadence"] = nameof(NeuralNetworkOptions.HealthCheckInterval),
        ["health.thresholds"] = nameof(NeuralNetworkOptions.HealthThresholds),
        ["data.validationFraction"] = nameof(NeuralNetworkOptions.ValidationFraction),
        ["data.validationPath"] = "a validation IDataView (Fit(train, validation))",
        ["data.normalize"] = nameof(NeuralNetworkOptions.Normalize),
        ["data.normalizeTarget"] = nameof(NeuralNetworkOptions.NormalizeTarget),
        ["data.labelColumn"] = nameof(NeuralNetworkOptions.LabelColumnName),
    };

    // Advice for the command line, and what does the same from ML.NET.
    private static readonly (string Cli, string MlNet)[] Phrases =
    [
        ("run tunewise lr-find", "search it with AutoLearningRate() in the tuning API (CreateTuningExperiment)"),
        ("remove or impute the rows with missing values before training",
            "replace them with ml.Transforms.ReplaceMissingValues before Concatenate, or drop those rows with ml.Data.FilterRowsByMissingValues"),
    ];

    /// <summary>The option that sets the experiment value at <paramref name="path"/> (an index such as <c>[0]</c> kept), or the path itself.</summary>
    public static string Of(string path)
    {
        var match = PathPattern().Match(path);
        return match.Success && match.Index == 0 && ByPath.TryGetValue(match.Value, out var option) ? option + path[match.Length..] : path;
    }

    /// <summary><paramref name="text"/> with every experiment path, quoted value and command-line advice in ML.NET's terms.</summary>
    public static string Translate(string text)
    {
        foreach (var (cli, mlnet) in Phrases) text = text.Replace(cli, mlnet, StringComparison.Ordinal);
        // (model.init: "he") → (Initialization: He)
        text = QuotedValue().Replace(text, m => ByPath.ContainsKey(m.Groups[1].Value) ? $"{Of(m.Groups[1].Value)}: {Pascal(m.Groups[2].Value)}" : m.Value);
        return PathPattern().Replace(text, m => ByPath.TryGetValue(m.Value, out var option) ? option : m.Value);
    }

    /// <summary>The verdict with its message and fixes translated.</summary>
    public static HealthVerdict Translate(HealthVerdict verdict) =>
        verdict with { Message = Translate(verdict.Message), Fixes = [.. verdict.Fixes.Select(Translate)] };

    private static string Pascal(string value) =>
        string.Concat(value.Split('_', '-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    // Longest paths first: training.clip.threshold before training.clip.
    [GeneratedRegex(@"\b(?:model|training|health|data)\.[a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)?")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\b((?:model|training|health|data)\.[a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)?): ""([a-z_-]+)""")]
    private static partial Regex QuotedValue();
}
