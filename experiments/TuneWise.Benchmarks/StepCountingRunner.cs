using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;

namespace TuneWise.Benchmarks;

/// <summary>Wraps a trial runner and keeps each trial's training steps and wall time, which a study does not store.</summary>
internal sealed class StepCountingRunner(ITrialRunner inner) : ITrialRunner
{
    public Dictionary<int, long> Steps { get; } = [];
    public double TrialSeconds { get; private set; }
    public double TrainSeconds { get; private set; }
    public double RangeTestSeconds { get; private set; }
    public double PreflightSeconds { get; private set; }

    public IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation) =>
        Timed(() => inner.Preflight(experiment, cancellation), s => PreflightSeconds += s);

    public LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation) =>
        Timed(() => inner.RangeTest(experiment, cancellation), s => RangeTestSeconds += s);

    public TrialOutcome Run(Experiment trial, ITrialContext context)
    {
        var outcome = Timed(() => inner.Run(trial, context), s => TrialSeconds += s);
        Steps[context.Number] = outcome.Steps;
        TrainSeconds += outcome.TrainSeconds;
        return outcome;
    }

    public IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation) => inner.RetrainAndTest(best, cancellation);

    private static T Timed<T>(Func<T> work, Action<double> add)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return work(); }
        finally { add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds); }
    }
}
