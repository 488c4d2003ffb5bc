using System.Globalization;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Cli.Output;

/// <summary>How a tuning job's parameters, values and trial ends read in tables and log lines.</summary>
internal static class TuningText
{
    public static string Number(double value) => value.ToString(Math.Abs(value) is >= 1e-3 and < 1e4 or 0 ? "0.####" : "0.###E+0", CultureInfo.InvariantCulture);

    public static string Parameters(IReadOnlyDictionary<string, object> parameters) =>
        TerminalText.Safe(string.Join(" ", parameters.Select(kv => $"{kv.Key}={Value(kv.Value)}")));

    public static string Value(object value) => value switch
    {
        double d => Number(d),
        float f => Number(f),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Metrics(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", metrics.Select(kv => $"{kv.Key} {Number(kv.Value)}"));

    /// <summary>The trial's state in words: complete, pruned by asha, unhealthy (exploding_gradient), failed…</summary>
    public static string State(StoredTrial trial) => trial.Record switch
    {
        { Unhealthy: true } => $"unhealthy ({Code(trial)})",
        { State: TrialState.Pruned } => $"pruned by {trial.Pruned?.Pruner ?? "?"}",
        var r => r.State.ToString().ToLowerInvariant(),
    };

    /// <summary>The verdict code that stopped an unhealthy trial, read from its pruning reason ("code (fatal): …" or "code persisted…").</summary>
    public static string Code(StoredTrial trial)
    {
        var reason = trial.Pruned?.Reason ?? "";
        int end = reason.IndexOfAny([' ', ':']);
        return TerminalText.Safe(end > 0 ? reason[..end] : reason);
    }

    public static string? ObjectiveValue(Objective objective, StoredTrial trial) =>
        trial.Record.Value is { } score ? Number(objective.Value(score)) : null;
}
