using TuneWise.Core.Trials;

namespace TuneWise.Reports.Analysis;

/// <summary>How a trial ended, in the words the report uses.</summary>
internal enum TrialOutcomeKind
{
    /// <summary>Trained every epoch, healthy.</summary>
    Complete,
    /// <summary>Stopped early by a score pruner or the budget: healthy, just not promising.</summary>
    Pruned,
    /// <summary>Stopped by the health monitor or the health pruner.</summary>
    Unhealthy,
    /// <summary>Crashed or ended without a value.</summary>
    Failed,
    /// <summary>Still running or waiting to run.</summary>
    Unfinished,
}

/// <summary>Names of trial outcomes.</summary>
internal static class TrialOutcomeNames
{
    /// <summary>The outcome as the report's legends and tables name it.</summary>
    public static string Label(this TrialOutcomeKind outcome) => outcome switch
    {
        TrialOutcomeKind.Complete => "complete",
        TrialOutcomeKind.Pruned => "pruned",
        TrialOutcomeKind.Unhealthy => "unhealthy",
        TrialOutcomeKind.Failed => "failed",
        _ => "unfinished",
    };
}

/// <summary>One trial as the leaderboard shows it.</summary>
internal sealed record TrialRow
{
    /// <summary>The trial's number.</summary>
    public required int Number { get; init; }
    /// <summary>1-based place on the leaderboard.</summary>
    public required int Rank { get; init; }
    /// <summary>How it ended.</summary>
    public required TrialOutcomeKind Outcome { get; init; }
    /// <summary>The stored state.</summary>
    public required TrialState State { get; init; }
    /// <summary>The parameters tried.</summary>
    public required IReadOnlyDictionary<string, object> Parameters { get; init; }
    /// <summary>The objective's value at the last epoch run (the metric, e.g. accuracy), when there was one.</summary>
    public double? Value { get; init; }
    /// <summary>The objective's value per epoch, as reported.</summary>
    public required IReadOnlyList<(int Epoch, double Value)> Curve { get; init; }
    /// <summary>Epochs run.</summary>
    public int Epochs => Curve.Count;
    /// <summary>Wall seconds, when finished.</summary>
    public double? Seconds { get; init; }
    /// <summary>When the trial started (its last claim), when the store knows.</summary>
    public DateTimeOffset? Started { get; init; }
    /// <summary>The worker that ran it last.</summary>
    public string? Worker { get; init; }
    /// <summary>Who stopped it early (<c>health</c>, <c>asha</c>, <c>budget</c>…), when someone did.</summary>
    public string? StoppedBy { get; init; }
    /// <summary>Why it was stopped or failed, in words.</summary>
    public string? Reason { get; init; }
    /// <summary>The verdict code that explains an unhealthy or failed trial.</summary>
    public string? Verdict { get; init; }
}
