using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// Skipping a hopeless trial from the progress callback: the trial stops at its next health probe or
/// epoch (an ML.NET estimator at once, through its context's cancellation) and is recorded as pruned
/// by <see cref="Pruner"/>, so the study goes on with the next trial.
/// </summary>
internal sealed class TrialSkips
{
    /// <summary>The name skipped trials are recorded as stopped by.</summary>
    public const string Pruner = "skipped";

    private readonly Lock _gate = new();
    private readonly HashSet<int> _requested = [];
    private readonly Dictionary<int, Action> _onSkip = [];

    /// <summary>Asks trial <paramref name="trial"/> to stop.</summary>
    public void Skip(int trial)
    {
        Action? now;
        lock (_gate)
        {
            _requested.Add(trial);
            _onSkip.TryGetValue(trial, out now);
        }
        now?.Invoke();
    }

    /// <summary>The runner with every trial's context able to be skipped.</summary>
    public ITrialRunner Wrap(ITrialRunner runner) => new Runner(runner, this);

    /// <summary>Calls <paramref name="action"/> when the context's trial is skipped, until disposed.</summary>
    public static IDisposable OnSkip(ITrialContext context, Action action)
    {
        if (context is not Context c) return new Registration(null, 0);
        lock (c.Skips._gate) c.Skips._onSkip[c.Number] = action;
        if (c.Skips.IsRequested(c.Number)) action();
        return new Registration(c.Skips, c.Number);
    }

    /// <summary>The decision of a skipped trial, or null when the context's trial was not skipped.</summary>
    public static PruneDecision? Requested(ITrialContext context, int epoch = 0) =>
        context is Context c && c.Skips.IsRequested(c.Number) ? new PruneDecision(Pruner, "skipped from the progress callback", epoch) : null;

    private bool IsRequested(int trial)
    {
        lock (_gate) return _requested.Contains(trial);
    }

    private sealed class Registration(TrialSkips? skips, int trial) : IDisposable
    {
        public void Dispose()
        {
            if (skips is null) return;
            lock (skips._gate) skips._onSkip.Remove(trial);
        }
    }

    private sealed class Runner(ITrialRunner inner, TrialSkips skips) : ITrialRunner
    {
        public IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation) => inner.Preflight(experiment, cancellation);
        public LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation) => inner.RangeTest(experiment, cancellation);
        public TrialOutcome Run(Experiment trial, ITrialContext context) => inner.Run(trial, new Context(context, skips));
        public IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation) => inner.RetrainAndTest(best, cancellation);
    }

    // The study's decisions come first (the epoch is stored either way); a skip stops the trial when the study would not.
    private sealed class Context(ITrialContext inner, TrialSkips skips) : ITrialContext
    {
        public TrialSkips Skips => skips;
        public int Number => inner.Number;
        public IReadOnlyDictionary<string, object> Parameters => inner.Parameters;
        public string? WeightsPath => inner.WeightsPath;
        public CancellationToken Cancellation => inner.Cancellation;
        public PruneDecision? ReportEpoch(int epoch, IReadOnlyDictionary<string, double> metrics) => inner.ReportEpoch(epoch, metrics) ?? Requested(this, epoch);
        public PruneDecision? ReportHealth(int step, IReadOnlyList<HealthVerdict> verdicts) => inner.ReportHealth(step, verdicts) ?? Requested(this, step);
        public void ReportProgress(int epoch, int step, double loss) => inner.ReportProgress(epoch, step, loss);
        public void ReportResumed(int epochsRestored, double? epochsLost) => inner.ReportResumed(epochsRestored, epochsLost);
        public bool KeepModel(double value) => inner.KeepModel(value);
    }
}
