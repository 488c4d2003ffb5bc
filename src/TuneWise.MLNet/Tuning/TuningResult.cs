using Microsoft.ML;
using TuneWise.Search.Tuning;

namespace TuneWise.MLNet.Tuning;

/// <summary>What a tuning run returns.</summary>
public sealed record TuningResult
{
    /// <summary>The best configuration trained again: the featurizer (when set) followed by the trainer's model. Save it with <c>mlContext.Model.Save</c>.</summary>
    public required ITransformer Model { get; init; }
    /// <summary>The trainer's model alone (a <see cref="NeuralNetworkModel"/> for the neural trainer, with its health verdicts).</summary>
    public required ITransformer TrainerModel { get; init; }
    /// <summary>The best trial's parameters.</summary>
    public required TrialParameters Parameters { get; init; }
    /// <summary>ML.NET's evaluator's metrics of <see cref="Model"/> on the validation data.</summary>
    public required IReadOnlyDictionary<string, double> ValidationMetrics { get; init; }
    /// <summary>The study: every trial, the best, and why the run ended.</summary>
    public required TuningSummary Study { get; init; }
    /// <summary>The HTML report, when one was written.</summary>
    public string? ReportPath { get; init; }
    /// <summary>True when the run was cancelled: <see cref="Model"/> is the best trial so far, trained again.</summary>
    public bool Cancelled { get; init; }
    /// <summary>Every trial of the study, by number, with its metric and duration.</summary>
    public IReadOnlyList<TrialResult> Trials { get; init; } = [];
}
