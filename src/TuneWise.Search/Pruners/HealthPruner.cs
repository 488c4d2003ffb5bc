using TuneWise.Core.Health;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Pruners;

/// <summary>
/// Stops a trial whose training is unhealthy: at once for a fatal verdict; for a warning once it
/// has persisted for <see cref="Persistence"/> probes in a row (default 3) and the trial is past
/// <see cref="WarmupSteps"/>. Info verdicts never stop a trial.
/// </summary>
public sealed class HealthPruner(int persistence = 3, int warmupSteps = 0, IReadOnlySet<string>? ignoredCodes = null) : IPruner
{
    /// <summary>The name its decisions carry.</summary>
    public const string Name = "health";

    /// <summary>Probes in a row a warning must persist.</summary>
    public int Persistence { get; } = persistence;
    /// <summary>Warnings are ignored before this step (fatal verdicts never are).</summary>
    public int WarmupSteps { get; } = warmupSteps;

    /// <inheritdoc />
    public PruneDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> study)
    {
        var fatal = trial.Verdicts.FirstOrDefault(v => v.Severity == Severity.Fatal);
        if (fatal is not null) return new PruneDecision(Name, $"{fatal.Code} (fatal): {fatal.Message}", Math.Max(trial.LastStep, fatal.LastStep), Unhealthy: true);
        if (trial.LastStep < WarmupSteps) return null;
        var warning = trial.Verdicts.Where(v => v.Severity == Severity.Warning && v.Streak >= Persistence && ignoredCodes?.Contains(v.Code) != true)
            .OrderByDescending(v => v.Streak).FirstOrDefault();
        return warning is null ? null
            : new PruneDecision(Name, $"{warning.Code} persisted for {warning.Streak} probes: {warning.Message}", trial.LastStep, Unhealthy: true);
    }
}
