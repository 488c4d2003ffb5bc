using TuneWise.Core.Trials;
using TuneWise.Search.Pruners;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Studies;

/// <summary>How a study runs its trials.</summary>
internal sealed record StudyOptions
{
    /// <summary>Study seed. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>Name of this worker; default machine name and process id.</summary>
    public string Worker { get; init; } = LocalWorkers.Current;
    /// <summary>Interval of the heartbeat a running trial sends. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A running trial without a heartbeat for this long belongs to a dead worker. Default 60 s.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How often a dead worker's trial is re-queued before it is marked failed. Default 2.</summary>
    public int MaxRetries { get; init; } = 2;
    /// <summary>The study stops with <see cref="StudyFailingException"/> once this many trials in a row have failed. Default 10 (<c>search.budget.maxFailuresInARow</c>).</summary>
    public int MaxFailuresInARow { get; init; } = TuneWise.Core.Experiments.BudgetSection.DefaultMaxFailuresInARow;
    /// <summary>Turns a trial's raw objective value into the score stored and minimised; null when values already are scores (lower is better).</summary>
    public Objective? Objective { get; init; }
}

/// <summary>
/// Runs trials of one study: claims the next trial from the storage (a re-queued one first, else a
/// new proposal from the sampler over the stored history), runs it, and records the outcome with
/// its health. Several workers — threads or processes — may run the same study on one storage,
/// which must have been opened. A trial that throws is recorded as failed; the study goes on.
/// </summary>
internal sealed class Study(IStudyStorage storage, SearchSpace space, ISampler sampler, IPruner? pruner = null, StudyOptions? options = null)
{
    private readonly StudyOptions _options = options ?? new StudyOptions();

    /// <summary>The options in force.</summary>
    public StudyOptions Options => _options;

    /// <summary>The seed of trial <paramref name="number"/>: drives its initialisation and shuffling, never the data split.</summary>
    public int TrialSeed(int number) => unchecked(_options.Seed * 7919 + number);

    /// <summary>Runs trials of a plain objective (lower is better) until <paramref name="trials"/> count towards the budget across all workers.</summary>
    /// <returns>The numbers of the trials this worker ran.</returns>
    public IReadOnlyList<int> Optimize(Func<TrialContext, double> objective, int trials, CancellationToken cancellation = default) =>
        Run(claimed =>
        {
            var context = new TrialContext(claimed.Record.Number, claimed.Record.Parameters, claimed.Seed ?? TrialSeed(claimed.Record.Number),
                (step, value) => storage.Report(claimed.Record.Number, step, value, _options.Worker), ShouldPrune, cancellation);
            try
            {
                double value = objective(context);
                return double.IsFinite(value)
                    ? new TrialOutcome { End = TrialEnd.Completed, Value = value, Epochs = context.Intermediate.Count }
                    : new TrialOutcome { End = TrialEnd.Failed, Error = $"objective returned {value}" };
            }
            catch (TrialPrunedException e)
            {
                return new TrialOutcome
                {
                    End = TrialEnd.Pruned, StoppedBy = e.Decision, Epochs = context.Intermediate.Count,
                    Value = context.Intermediate.Count == 0 ? null : context.Intermediate.MaxBy(kv => kv.Key).Value,
                };
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return new TrialOutcome { End = TrialEnd.Cancelled };
            }
        }, trials, cancellation: cancellation);

    /// <summary>
    /// Claims and runs trials until <paramref name="trials"/> count towards the budget, the
    /// cancellation is requested, or <paramref name="mayStart"/> says no new trial may start.
    /// </summary>
    /// <param name="runTrial">Trains one claimed trial and says how it ended; an exception records the trial as failed.</param>
    /// <param name="trials">The study's trial budget.</param>
    /// <param name="mayStart">Asked before each claim (e.g. the wall-clock and epoch budgets); null always allows.</param>
    /// <param name="onFinished">Told each trial this worker finished, as stored.</param>
    /// <param name="cancellation">Stops the loop; a trial that ends cancelled goes back to the queue.</param>
    /// <returns>The numbers of the trials this worker ran.</returns>
    /// <exception cref="StudyFailingException">The study's last <see cref="StudyOptions.MaxFailuresInARow"/> trials all failed.</exception>
    public IReadOnlyList<int> Run(Func<StoredTrial, TrialOutcome> runTrial, int trials, Func<bool>? mayStart = null,
        Action<StoredTrial>? onFinished = null, CancellationToken cancellation = default)
    {
        var ran = new List<int>();
        while (!cancellation.IsCancellationRequested && (mayStart?.Invoke() ?? true))
        {
            storage.RecoverStale(_options.HeartbeatTimeout, _options.MaxRetries);
            var running = storage.Trials(withHealthSeries: false).Where(t => t.Record.State == TrialState.Running).ToList();
            foreach (var orphan in running.Where(t => LocalWorkers.IsDead(t.Worker)))
                storage.Release(orphan.Record.Number, orphan.Worker!);
            var claimed = storage.Claim(_options.Worker, trials, (history, number) => sampler.Propose(space, history, number), TrialSeed);
            if (claimed is null)
            {
                // The budget is taken, but a trial another worker runs may yet come back: its process
                // died (handed back at once on this machine) or went silent (after the heartbeat
                // timeout). Ending now would leave it running for ever; wait until every trial of
                // another worker has ended or come back, then claim it.
                if (!running.Any(t => t.Worker != _options.Worker)) break;
                cancellation.WaitHandle.WaitOne(PollInterval);
                continue;
            }
            int number = claimed.Record.Number;
            ran.Add(number);
            TrialOutcome outcome;
            using (new Timer(_ => Beat(number), null, _options.HeartbeatInterval, _options.HeartbeatInterval))
            {
                try
                {
                    outcome = runTrial(claimed);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    outcome = new TrialOutcome { End = TrialEnd.Failed, Error = $"{e.GetType().Name}: {e.Message}" };
                }
            }
            if (outcome.End == TrialEnd.Cancelled)
            {
                storage.Release(number, _options.Worker);
                break;
            }
            try
            {
                Record(number, outcome);
            }
            catch (TrialLostException)
            {
                // This worker stalled past the heartbeat timeout and the trial went to another worker
                // (or was failed): its result here is discarded, never written over theirs.
                continue;
            }
            var trialsNow = storage.Trials(withHealthSeries: false);
            if (onFinished is not null && trialsNow.FirstOrDefault(t => t.Record.Number == number) is { } stored) onFinished(stored);
            ThrowIfFailing(trialsNow);
        }
        return ran;
    }

    // Failed trials are replaced; without this limit a cause that fails every trial runs for ever.
    // The run is the study's, not this worker's: trials of every worker, by number, that have ended.
    private void ThrowIfFailing(IReadOnlyList<StoredTrial> trials)
    {
        var ended = trials.Where(t => t.Record.State is not (TrialState.Running or TrialState.Waiting)).OrderBy(t => t.Record.Number).ToList();
        if (ended.Count < _options.MaxFailuresInARow) return;
        var last = ended.TakeLast(_options.MaxFailuresInARow).ToList();
        if (last.All(t => t.Record.State == TrialState.Failed))
            throw new StudyFailingException(last.Count, last[^1].Record.Number, last[^1].Error ?? "no error was recorded");
    }

    // How often a worker whose budget is taken looks again at the trials others still run: each look
    // reads the study, so at most once a second.
    private TimeSpan PollInterval => TimeSpan.FromTicks(Math.Min(_options.HeartbeatInterval.Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>The worker this study claims trials as.</summary>
    public string Worker => _options.Worker;

    /// <summary>What pruners decide for a trial with these reports and verdicts, judged against every other trial of the study.</summary>
    /// <param name="progress">The trial's reports and verdicts so far.</param>
    /// <param name="with">The pruner to ask; the study's own when null.</param>
    /// <param name="trials">The study as already read (e.g. once per epoch for the budget too); read now when null.</param>
    public PruneDecision? ShouldPrune(TrialProgress progress, IPruner? with = null, IReadOnlyList<StoredTrial>? trials = null)
    {
        var judge = with ?? pruner;
        if (judge is null) return null;
        var others = (trials ?? storage.Trials(withHealthSeries: false)).Where(t => t.Record.Number != progress.Number).Select(t => new TrialProgress
        {
            Number = t.Record.Number,
            Intermediate = t.Intermediate,
            Complete = t.Record.State is TrialState.Complete,
        }).ToList();
        return judge.Check(progress, others);
    }

    private PruneDecision? ShouldPrune(TrialContext trial) =>
        ShouldPrune(new TrialProgress { Number = trial.Number, Intermediate = trial.Intermediate, Verdicts = trial.Verdicts });

    private void Record(int number, TrialOutcome outcome)
    {
        double? Score(double? raw) => raw is { } v && double.IsFinite(v) ? _options.Objective?.Score(v) ?? v : null;
        if (outcome.Verdicts.Count > 0 || outcome.HealthSeriesJson is not null)
            storage.SaveHealth(number, StoredJson.Write(outcome.Verdicts), outcome.HealthSeriesJson ?? "[]", _options.Worker);
        switch (outcome.End)
        {
            case TrialEnd.Completed when Score(outcome.Value) is { } score:
                storage.Finish(number, TrialState.Complete, score, worker: _options.Worker);
                break;
            case TrialEnd.Completed:
                storage.Finish(number, TrialState.Failed, null, error: $"the trial ended without a finite objective value ({outcome.Value?.ToString() ?? "none"})", worker: _options.Worker);
                break;
            case TrialEnd.Pruned or TrialEnd.Unhealthy:
                var decision = outcome.StoppedBy ?? new PruneDecision(HealthPruner.Name, "stopped as unhealthy", outcome.Epochs, Unhealthy: true);
                storage.Finish(number, TrialState.Pruned, Score(outcome.Value), unhealthy: outcome.End == TrialEnd.Unhealthy || decision.Unhealthy, pruned: decision, worker: _options.Worker);
                break;
            default:
                storage.Finish(number, TrialState.Failed, null, error: outcome.Error ?? "the trial failed", worker: _options.Worker);
                break;
        }
    }

    // The timer thread must never take the process down: a busy database or a disposed connection
    // only costs one heartbeat; the next one tries again.
    private void Beat(int number)
    {
        try
        {
            storage.Heartbeat(number, _options.Worker);
        }
        catch (Exception)
        {
            // Missed heartbeat; the timeout is many intervals long.
        }
    }
}
