using TuneWise.Core.Trials;
using TuneWise.Core.Health;
using TuneWise.Search.Pruners;

namespace TuneWise.Search.Studies;

/// <summary>Thrown from <see cref="TrialContext.Report"/> when a pruner stops the trial; the study records the decision.</summary>
internal sealed class TrialPrunedException(PruneDecision decision) : Exception(decision.Reason)
{
    /// <summary>Which pruner, why, at which step.</summary>
    public PruneDecision Decision { get; } = decision;
}

/// <summary>What an objective gets for one trial: its parameters, and a way to report progress and health.</summary>
internal sealed class TrialContext
{
    private readonly Action<int, double> _report;
    private readonly Func<TrialContext, PruneDecision?> _shouldPrune;
    private readonly Dictionary<int, double> _intermediate = [];

    internal TrialContext(int number, IReadOnlyDictionary<string, object> parameters, int seed, Action<int, double> report,
        Func<TrialContext, PruneDecision?> shouldPrune, CancellationToken cancellation)
    {
        Number = number;
        Parameters = parameters;
        Seed = seed;
        _report = report;
        _shouldPrune = shouldPrune;
        Cancellation = cancellation;
    }

    /// <summary>The trial's number.</summary>
    public int Number { get; }
    /// <summary>The parameters to try.</summary>
    public IReadOnlyDictionary<string, object> Parameters { get; }
    /// <summary>A seed for this trial (study seed + trial number).</summary>
    public int Seed { get; }
    /// <summary>Set when the study is being stopped.</summary>
    public CancellationToken Cancellation { get; }
    /// <summary>The latest health verdicts of the trial (set with <see cref="ReportHealth"/>).</summary>
    public IReadOnlyList<HealthVerdict> Verdicts { get; private set; } = [];
    /// <summary>Intermediate values reported so far.</summary>
    public IReadOnlyDictionary<int, double> Intermediate => _intermediate;

    /// <summary>Reports an intermediate value (lower is better) and asks the pruners; throws <see cref="TrialPrunedException"/> to stop.</summary>
    public void Report(int step, double value)
    {
        _intermediate[step] = value;
        _report(step, value);
        if (_shouldPrune(this) is { } decision) throw new TrialPrunedException(decision);
    }

    /// <summary>Updates the trial's health verdicts; a fatal or persistent one may prune at the next <see cref="Report"/>.</summary>
    public void ReportHealth(IReadOnlyList<HealthVerdict> verdicts) => Verdicts = verdicts;
}
