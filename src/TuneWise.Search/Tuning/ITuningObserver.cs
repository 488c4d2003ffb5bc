using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Tuning;

/// <summary>The phases of a tuning job, in order.</summary>
public enum TuningPhase
{
    /// <summary>Checking the data and the model before any trial.</summary>
    Preflight,
    /// <summary>Learning-rate range tests, one per optimizer in the space.</summary>
    RangeTest,
    /// <summary>Trials proposed by the sampler, pruned by the pruners.</summary>
    Sweep,
    /// <summary>The best configuration retrained on training + validation data and scored on the test split.</summary>
    Retrain,
    /// <summary>The job has ended.</summary>
    Done,
}

/// <summary>Sees a tuning job's progress, for displays and logs. Every method has an empty default.</summary>
/// <remarks>Called from the job's thread; heavy work here slows training.</remarks>
public interface ITuningObserver
{
    /// <summary>A phase starts.</summary>
    void OnPhase(TuningPhase phase) { }
    /// <summary>The sweep starts with this sampler; <paramref name="description"/> says which and why.</summary>
    void OnSampler(string description) { }
    /// <summary>A range test ended (or was read back from the study).</summary>
    void OnRangeTest(LrRangeTestResult result, bool reused) { }
    /// <summary>This worker starts a trial.</summary>
    void OnTrialStarted(StoredTrial trial, Experiment configuration) { }
    /// <summary>A trial this worker took back goes on from its checkpoint: <paramref name="epochsRestored"/> epochs came back, <paramref name="epochsLost"/> were lost to the interruption (null: not known).</summary>
    void OnTrialResumed(int trial, int epochsRestored, double? epochsLost) { }
    /// <summary>Progress inside an epoch.</summary>
    void OnProgress(int trial, int epoch, int step, double loss) { }
    /// <summary>A trial ended an epoch with these metrics.</summary>
    void OnEpoch(int trial, int epoch, IReadOnlyDictionary<string, double> metrics) { }
    /// <summary>A trial of this worker ended, as stored.</summary>
    void OnTrialFinished(StoredTrial trial) { }
}

/// <summary>Writes a study's report. Called at the end of every job and, during long jobs, after a trial once <see cref="TuningJobOptions.ReportInterval"/> has passed.</summary>
public interface IStudyReportWriter
{
    /// <summary>Writes the report of the study in <paramref name="storage"/> to <paramref name="path"/>.</summary>
    void Write(IStudyStorage storage, Experiment experiment, string path);
}
