using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>
/// The default sampler: the Gaussian process for the first <see cref="GpTrials"/> trials, where it
/// finds better configurations than TPE on the smooth problems of the peer benchmark, then TPE,
/// whose proposals stay fast however large the study grows. TPE takes over at once when a trial
/// fails or is stopped as unhealthy: the GP has to give a failure a value, and next to a cliff (a
/// learning rate above which training diverges) that bends its model away from the best rates, while
/// TPE treats failures as a group of their own (measured on the learning-rate cliff: GP 0.14, TPE
/// 0.008). Both learn from the same history, so the handover loses nothing.
/// </summary>
/// <param name="seed">The study's seed.</param>
/// <param name="gpTrials">Trials proposed by the GP before TPE takes over.</param>
/// <param name="gpOptions">The GP's settings, its random start among them (<see cref="GpOptions.ForBudget"/>).</param>
public sealed class AutoSampler(int seed = 0, int gpTrials = AutoSampler.DefaultGpTrials, GpOptions? gpOptions = null) : ISampler
{
    /// <summary>
    /// Where the GP hands over to TPE. Measured by <c>-- peers</c> and the budget sweep of the
    /// docs/tuning.md: at 100 trials the GP is still ahead, while its proposal cost grows with the cube of
    /// the history it conditions on.
    /// </summary>
    public const int DefaultGpTrials = 100;

    private readonly GpSampler _gp = new(seed, gpOptions);
    private readonly TpeSampler _tpe = new(seed);

    /// <summary>Trials proposed by the GP before TPE takes over.</summary>
    public int GpTrials => gpTrials;

    /// <summary>What the sampler does, in one line for the start of a study.</summary>
    public string Description => $"auto: Gaussian process for the first {gpTrials} trials (best at small budgets; its first {_gp.StartupTrials} at random), then TPE (fast at any size); TPE at once if a trial fails";

    /// <inheritdoc />
    public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber) =>
        // By trial number, not history length, so every worker of a shared study switches at the same trial.
        trialNumber < gpTrials && !history.Any(t => t.CountsAsFailure) ? _gp.Propose(space, history, trialNumber) : _tpe.Propose(space, history, trialNumber);
}
