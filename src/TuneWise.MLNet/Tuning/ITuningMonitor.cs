namespace TuneWise.MLNet.Tuning;

/// <summary>
/// Told about every trial of a tuning run as AutoML's <c>IMonitor</c> is: started, completed, pruned,
/// failed, and each new best. Every method has an empty default, so implement only what you watch.
/// Calls come from the thread that runs the trial.
/// </summary>
public interface ITuningMonitor
{
    /// <summary>A trial started with its parameters.</summary>
    void ReportRunningTrial(TrialResult trial) { }

    /// <summary>A trial trained to the end; <see cref="TrialResult.Metric"/> holds its value.</summary>
    void ReportCompletedTrial(TrialResult trial) { }

    /// <summary>A trial was stopped early by a pruner (health, ASHA, median) or skipped; <see cref="TrialResult.PrunedBy"/> says which.</summary>
    void ReportPrunedTrial(TrialResult trial) { }

    /// <summary>A trial failed (the trainer threw); <see cref="TrialResult.Error"/> says why. The study goes on.</summary>
    void ReportFailedTrial(TrialResult trial) { }

    /// <summary>A completed trial is the best so far.</summary>
    void ReportBestTrial(TrialResult trial) { }
}
