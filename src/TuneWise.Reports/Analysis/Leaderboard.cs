using TuneWise.Core.Trials;
using TuneWise.Reports.Studies;
using TuneWise.Search.Storage;

namespace TuneWise.Reports.Analysis;

/// <summary>
/// Ranks every trial of a study: complete healthy trials by their final value, then trials pruned
/// for their score (by the value they had reached), then unhealthy, failed and unfinished ones.
/// </summary>
internal static class Leaderboard
{
    /// <summary>Every trial of <paramref name="snapshot"/>, best first.</summary>
    public static IReadOnlyList<TrialRow> Rank(StudySnapshot snapshot)
    {
        var objective = snapshot.Objective;
        var rows = snapshot.Trials.Select(t => Row(t, snapshot, objective)).ToList();
        return rows
            .OrderBy(r => r.Outcome)
            .ThenBy(r => r.Value is { } v && double.IsFinite(v) ? objective.Score(v) : double.PositiveInfinity)
            .ThenBy(r => r.Number)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToList();
    }

    /// <summary>The parameter names of a study in a stable order: the space's order, then any others seen.</summary>
    public static IReadOnlyList<string> ParameterNames(StudySnapshot snapshot)
    {
        var seen = snapshot.Trials.SelectMany(t => t.Record.Parameters.Keys).ToHashSet();
        var ordered = snapshot.Space?.Parameters.Select(p => p.Name).Where(seen.Contains).ToList() ?? [];
        return [.. ordered, .. seen.Except(ordered).Order(StringComparer.Ordinal)];
    }

    private static TrialRow Row(StoredTrial trial, StudySnapshot snapshot, Objective objective)
    {
        var record = trial.Record;
        var curve = trial.Intermediate.OrderBy(p => p.Key).Select(p => (p.Key, objective.Value(p.Value))).ToList();
        double? value = record.Value is { } score ? objective.Value(score) : curve.Count > 0 ? curve[^1].Item2 : null;
        var root = snapshot.Health.TryGetValue(record.Number, out var health) ? health.Root : null;
        // A trial that ended at chance, or was pruned while a fatal verdict stood, is sick whatever its
        // state: counting it as healthy would teach the failure rules that its region is fine.
        bool atChance = record.State is TrialState.Complete or TrialState.Pruned && Noise.AtChance(objective, value, snapshot.ClassCount, snapshot.ValidationSamples);
        bool sick = atChance || record.State is TrialState.Pruned && root is { Severity: Core.Health.Severity.Fatal };
        var outcome = record switch
        {
            { Unhealthy: true } => TrialOutcomeKind.Unhealthy,
            _ when sick => TrialOutcomeKind.Unhealthy,
            { State: TrialState.Complete } => TrialOutcomeKind.Complete,
            { State: TrialState.Pruned } => TrialOutcomeKind.Pruned,
            { State: TrialState.Failed } => TrialOutcomeKind.Failed,
            _ => TrialOutcomeKind.Unfinished,
        };
        return new TrialRow
        {
            Number = record.Number,
            Rank = 0,
            Outcome = outcome,
            State = record.State,
            Parameters = record.Parameters,
            Value = value,
            Curve = curve,
            Seconds = trial.Seconds,
            Started = trial.Started,
            Worker = trial.Worker,
            StoppedBy = trial.Pruned?.Pruner,
            Reason = trial.Pruned?.Reason ?? trial.Error
                ?? (atChance ? $"ended at chance level: {objective.Metric} {Formats.Number(value)} with {snapshot.ClassCount} classes learns nothing" : null),
            Verdict = outcome switch
            {
                // The root cause, not the symptom that happened to stop the trial (NaN after dead units).
                TrialOutcomeKind.Unhealthy => root is { Severity: > Core.Health.Severity.Info } ? root.Code : CodeIn(trial.Pruned?.Reason) ?? root?.Code,
                TrialOutcomeKind.Failed when root is { Severity: Core.Health.Severity.Fatal } => root.Code,
                _ => null,
            },
        };
    }

    // The health pruner names the verdict code first in its reason ("exploding_gradient: …").
    private static string? CodeIn(string? reason) =>
        reason is null ? null
        : Core.Health.VerdictCodes.All.OrderByDescending(c => c.Length).FirstOrDefault(c => reason.StartsWith(c, StringComparison.Ordinal));
}
