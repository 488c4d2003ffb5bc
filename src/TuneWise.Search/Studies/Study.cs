using System.Security.Cryptography;
using System.Text;
using TuneWise.Search.Pruners;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Search.Storage;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Studies;

/// <summary>How a study runs its trials.</summary>
public sealed record StudyOptions
{
    /// <summary>Study seed. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>Name of this worker; default machine name and process id.</summary>
    public string Worker { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";
    /// <summary>Interval of the heartbeat a running trial sends. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A running trial without a heartbeat for this long belongs to a dead worker. Default 60 s.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How often a dead worker's trial is re-queued before it is marked failed. Default 2.</summary>
    public int MaxRetries { get; init; } = 2;
}

/// <summary>
/// Runs trials of one study: claims the next trial from the storage (a re-queued one first, else a
/// new proposal from the sampler over the stored history), runs the objective, and records the
/// outcome. Several workers — threads or processes — may run the same study on one storage.
/// A trial that throws is recorded as failed; the study goes on.
/// </summary>
public sealed class Study(IStudyStorage storage, SearchSpace space, ISampler sampler, IPruner? pruner = null, StudyOptions? options = null)
{
    private readonly StudyOptions _options = options ?? new StudyOptions();

    /// <summary>A stable key of what makes two studies the same experiment: a SHA-256 of the given text.</summary>
    public static string Key(string canonicalExperiment) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalExperiment)));

    /// <summary>Runs trials until <paramref name="trials"/> are complete or in flight across all workers.</summary>
    /// <returns>The numbers of the trials this worker ran.</returns>
    public IReadOnlyList<int> Optimize(Func<TrialContext, double> objective, int trials, CancellationToken cancellation = default)
    {
        var ran = new List<int>();
        while (!cancellation.IsCancellationRequested)
        {
            storage.RecoverStale(_options.HeartbeatTimeout, _options.MaxRetries);
            var claimed = storage.Claim(_options.Worker, trials, (history, number) => sampler.Propose(space, history, number), TrialSeed);
            if (claimed is null) break;
            int number = claimed.Record.Number;
            ran.Add(number);
            using var heartbeat = new Timer(_ => storage.Heartbeat(number, _options.Worker), null, _options.HeartbeatInterval, _options.HeartbeatInterval);
            var context = new TrialContext(number, claimed.Record.Parameters, claimed.Seed ?? TrialSeed(number),
                (step, value) => storage.Report(number, step, value), ShouldPrune, cancellation);
            try
            {
                double value = objective(context);
                storage.Finish(number, double.IsFinite(value) ? TrialState.Complete : TrialState.Failed, value,
                    error: double.IsFinite(value) ? null : $"objective returned {value}");
            }
            catch (TrialPrunedException e)
            {
                storage.Finish(number, TrialState.Pruned, context.Intermediate.Count == 0 ? null : context.Intermediate.MaxBy(kv => kv.Key).Value,
                    unhealthy: e.Decision.Pruner == "health", pruned: e.Decision);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Left running: its heartbeat stops and another worker (or a resumed run) re-queues it.
                break;
            }
            catch (Exception e)
            {
                storage.Finish(number, TrialState.Failed, null, error: $"{e.GetType().Name}: {e.Message}");
            }
        }
        return ran;
    }

    private int TrialSeed(int number) => unchecked(_options.Seed * 7919 + number);

    private PruneDecision? ShouldPrune(TrialContext trial)
    {
        if (pruner is null) return null;
        var others = storage.Trials().Where(t => t.Record.Number != trial.Number).Select(t => new TrialProgress
        {
            Number = t.Record.Number,
            Intermediate = t.Intermediate,
            Finished = t.Record.State is TrialState.Complete or TrialState.Pruned,
        }).ToList();
        var progress = new TrialProgress { Number = trial.Number, Intermediate = trial.Intermediate, Verdicts = trial.Verdicts };
        return pruner.Check(progress, others);
    }
}
