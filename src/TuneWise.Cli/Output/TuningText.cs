using System.Globalization;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Cli.Output;

/// <summary>How a tuning job's parameters, values and trial ends read in tables and log lines.</summary>
internal static class TuningText
{
    public static string Number(double value) => value.ToString(Math.Abs(value) is >= 1e-3 and < 1e4 or 0 ? "0.####" : "0.###E+0", CultureInfo.InvariantCulture);

    /// <summary>What an interruption cost a trial that went on from its checkpoint, e.g. <c>resumed after epoch 4 from its checkpoint, 0.42 epoch lost to the interruption</c>.</summary>
    public static string Resumed(int epochsRestored, double? epochsLost) =>
        (epochsRestored > 0 ? $"resumed after epoch {epochsRestored} from its checkpoint" : "started again (interrupted in its first epoch)") +
        (epochsLost is { } lost ? $", {lost.ToString("0.00", CultureInfo.InvariantCulture)} epoch lost to the interruption" : " (the checkpoint has no note of how far the interrupted run had got)");

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
