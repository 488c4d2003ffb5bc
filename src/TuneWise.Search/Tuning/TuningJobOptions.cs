namespace TuneWise.Search.Tuning;

/// <summary>How one process takes part in a tuning job.</summary>
public sealed record TuningJobOptions
{
    /// <summary>This worker's name in the study; default machine name and process id.</summary>
    public string Worker { get; init; } = Studies.LocalWorkers.Current;
    /// <summary>True for the process that leads the job (runs the retrain phase and writes results); false for an added worker. Default true.</summary>
    public bool Lead { get; init; } = true;
    /// <summary>Sees the job's progress; null for none.</summary>
    public ITuningObserver? Observer { get; init; }
    /// <summary>Writes the report; null until a report writer is given.</summary>
    public IStudyReportWriter? Report { get; init; }
    /// <summary>During long jobs the report is rewritten after a trial once this much time has passed. Default 10 minutes.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Folder for the weights of trials that were the best so far when they ended; null saves none.</summary>
    public string? WeightsFolder { get; init; }

    /// <summary>
    /// Folder of the trials' checkpoints (one sub-folder per running trial, saved every epoch and
    /// removed when the trial ends); null keeps none. A trial handed back resumes from its checkpoint.
    /// </summary>
    public string? CheckpointFolder { get; init; }
    /// <summary>Interval of a running trial's heartbeat. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A running trial without a heartbeat for this long belongs to a dead worker and is re-queued. Default 60 s.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>
    /// The sampler to search with, e.g. one of your own; null builds the one the experiment's
    /// <c>search.sampler</c> names (<see cref="Samplers.SamplerFactory"/>). Either way the
    /// experiment's own configuration is proposed first when <c>search.ownConfigurationFirst</c> is on.
    /// </summary>
    public Samplers.ISampler? Sampler { get; init; }
    /// <summary>
    /// The pruner judged after every epoch, e.g. one of your own; null builds those the experiment's
    /// <c>search.pruner</c> names (ASHA, median, patience). The health pruner stays the experiment's.
    /// </summary>
    public Pruners.IPruner? Pruner { get; init; }
    /// <summary>
    /// Runs when this worker's sweep has ended, before the job reads where the study stands, retrains
    /// the best and writes the final report: the command line waits here for the worker processes it
    /// started, so the end of the job sees every trial they finished. Null goes straight on.
    /// </summary>
    public Action? AfterSweep { get; init; }
    /// <summary>The clock (tests use a fake one). Default the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
