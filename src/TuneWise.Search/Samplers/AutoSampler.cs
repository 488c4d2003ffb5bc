using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>
/// The default sampler: the Gaussian process for the first <see cref="GpTrials"/> trials, where its
/// median best is below TPE's on every problem of the peer benchmark, failures included, then TPE,
/// whose proposals stay fast however large the study grows. Both learn from the same history, so the
/// handover loses nothing. Failed and unhealthy trials stay with the GP: it gives them
/// the upper quartile of the values seen (<see cref="GpOptions.FailureQuantile"/>) and weights its
/// acquisition by P(healthy | x), which on the problems with failures ends below TPE at 30 and 60 trials.
/// </summary>
/// <param name="seed">The study's seed.</param>
/// <param name="gpTrials">Trials proposed by the GP before TPE takes over.</param>
/// <param name="gpOptions">The GP's settings, its random start among them (<see cref="GpOptions.ForBudget"/>).</param>
/// <param name="tpeOptions">TPE's settings, its random start among them.</param>
public sealed class AutoSampler(int seed = 0, int gpTrials = AutoSampler.DefaultGpTrials, GpOptions? gpOptions = null, TpeOptions? tpeOptions = null) : ISampler
{
    /// <summary>
    /// Where the GP hands over to TPE. Measured by <c>-- peers</c> and the budget sweep of the
    /// docs/tuning.md: at 100 trials the GP is still ahead, while its proposal cost grows with the cube of
    /// the history it conditions on.
    /// </summary>
    public const int DefaultGpTrials = 100;

    private readonly GpSampler _gp = new(seed, gpOptions);
    private readonly TpeSampler _tpe = new(seed, tpeOptions);

    /// <summary>Trials proposed by the GP before TPE takes over.</summary>
    public int GpTrials => gpTrials;

    /// <summary>What the sampler does, in one line for the start of a study.</summary>
    public string Description => $"auto: Gaussian process for the first {gpTrials} trials (best at small budgets, failures included; its first {_gp.StartupTrials} at random), then TPE (fast at any size)";

    /// <inheritdoc />
    public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber) =>
        // By trial number, not history length, so every worker of a shared study switches at the same trial.
        trialNumber < gpTrials ? _gp.Propose(space, history, trialNumber) : _tpe.Propose(space, history, trialNumber);
}
