using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>A stored trial: what samplers see plus bookkeeping.</summary>
public sealed record StoredTrial
{
    /// <summary>What samplers see.</summary>
    public required TrialRecord Record { get; init; }
    /// <summary>Reported intermediate values by step.</summary>
    public IReadOnlyDictionary<int, double> Intermediate { get; init; } = new Dictionary<int, double>();
    /// <summary>Times the trial was re-queued after its worker died.</summary>
    public int Retries { get; init; }
    /// <summary>The worker that runs or ran it.</summary>
    public string? Worker { get; init; }
    /// <summary>Why it was pruned, if it was.</summary>
    public PruneDecision? Pruned { get; init; }
    /// <summary>Error message of a failed trial.</summary>
    public string? Error { get; init; }
    /// <summary>Seconds from start to finish, when finished.</summary>
    public double? Seconds { get; init; }
    /// <summary>When the trial was last claimed (started or taken back), when known.</summary>
    public DateTimeOffset? Started { get; init; }
    /// <summary>When its worker last said it was alive (claim or heartbeat), when known.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }
    /// <summary>The seed the trial trained with.</summary>
    public int? Seed { get; init; }
    /// <summary>Health verdicts (JSON), when saved.</summary>
    public string? HealthVerdicts { get; init; }
    /// <summary>Compact health time series (JSON), when saved.</summary>
    public string? HealthSeries { get; init; }
}

/// <summary>
/// Persists one study and its trials. Every state change is committed when it happens, so a
/// killed process loses at most the running trial's progress. Implementations must be safe for
/// several processes working on one study at once.
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>Binds the storage to a study of <paramref name="experimentKey"/>, creating it if new.</summary>
    /// <exception cref="StudyMismatchException">The storage holds a study of a different experiment.</exception>
    void Open(string studyName, string experimentJson, string experimentKey);

    /// <summary>
    /// Takes the next trial to run for <paramref name="worker"/>: a re-queued waiting trial if there is
    /// one, else a new trial numbered after all others with parameters from <paramref name="propose"/>
    /// (called inside the same transaction with the current history). Returns null once
    /// <paramref name="maxTrials"/> trials count towards the budget (<see cref="TrialRecord.CountsTowardsBudget"/>).
    /// </summary>
    /// <param name="worker">Who claims.</param>
    /// <param name="maxTrials">The study's budget of complete and in-flight trials.</param>
    /// <param name="propose">Proposes parameters from the history for a new trial number.</param>
    /// <param name="seedFor">The seed of a new trial number, stored with it.</param>
    StoredTrial? Claim(string worker, int maxTrials, Func<IReadOnlyList<TrialRecord>, int, IReadOnlyDictionary<string, object>> propose, Func<int, int>? seedFor = null);

    /// <summary>Records that the worker is alive and still running the trial.</summary>
    /// <returns>False when the trial is no longer this worker's (re-queued after missed heartbeats, or ended): the worker should stop it.</returns>
    bool Heartbeat(int trial, string worker);

    /// <summary>Stores an intermediate value of a running trial.</summary>
    /// <param name="trial">The trial.</param>
    /// <param name="step">The step (epoch).</param>
    /// <param name="value">The score.</param>
    /// <param name="worker">The worker reporting; when given, only that worker's running trial is written.</param>
    /// <exception cref="TrialLostException">The trial is not running (for <paramref name="worker"/>).</exception>
    void Report(int trial, int step, double value, string? worker = null);

    /// <summary>Stores the trial's health verdicts and time series (JSON).</summary>
    /// <exception cref="TrialLostException">The trial is not running (for <paramref name="worker"/>).</exception>
    void SaveHealth(int trial, string verdictsJson, string seriesJson, string? worker = null);

    /// <summary>
    /// Ends a running trial. A trial that has already ended, or that was handed to another worker,
    /// is never overwritten: the call throws <see cref="TrialLostException"/> instead.
    /// </summary>
    /// <exception cref="TrialLostException">The trial is not running (for <paramref name="worker"/>).</exception>
    void Finish(int trial, TrialState state, double? value, bool unhealthy = false, PruneDecision? pruned = null, string? error = null, string? worker = null);

    /// <summary>
    /// Finds running trials whose last heartbeat is older than <paramref name="timeout"/>: re-queues them
    /// (state waiting) up to <paramref name="maxRetries"/> times, then marks them failed. Returns how many.
    /// </summary>
    int RecoverStale(TimeSpan timeout, int maxRetries);

    /// <summary>
    /// Every trial, by number. The health series are most of a study's bytes (32 MB of 200 trials)
    /// and only the report's trial sections draw them: without <paramref name="withHealthSeries"/>,
    /// <see cref="StoredTrial.HealthSeries"/> is null and <see cref="HealthSeries"/> reads one when needed.
    /// </summary>
    IReadOnlyList<StoredTrial> Trials(bool withHealthSeries = true);

    /// <summary>One trial's stored health series, or null when it has none.</summary>
    string? HealthSeries(int trial);

    /// <summary>Hands a running trial of <paramref name="worker"/> back to the queue (state waiting, its reports cleared), e.g. on Ctrl+C.</summary>
    void Release(int trial, string worker);

    /// <summary>Stores a study attribute (JSON), e.g. the preflight findings or the retrained best's test score.</summary>
    void SaveAttribute(string key, string json);

    /// <summary>The study's attributes by key.</summary>
    IReadOnlyDictionary<string, string> Attributes();

    /// <summary>Stores a learning-rate range test result (JSON) for an optimizer. The first result stored for an optimizer stays: workers that test at the same time all use it.</summary>
    void SaveRangeTest(string optimizer, string resultJson);

    /// <summary>Stored range test results by optimizer.</summary>
    IReadOnlyDictionary<string, string> RangeTests();
}

/// <summary>
/// Thrown to a worker that writes to a trial it no longer holds: the trial was re-queued after the
/// worker missed its heartbeats (a suspended laptop, a long pause) and another worker took it, or it
/// has already ended. The write is refused, so a stalled worker can never overwrite a result.
/// </summary>
public sealed class TrialLostException(int trial, string? worker)
    : Exception($"trial {trial} is no longer {(worker is null ? "running" : $"held by {worker}")}: it ended or was handed to another worker; this write was refused")
{
    /// <summary>The trial.</summary>
    public int Trial { get; } = trial;
}

/// <summary>Thrown when a study file belongs to another experiment, or is not a study file at all.</summary>
public sealed class StudyMismatchException(string message) : Exception(message);

/// <summary>
/// Thrown when an open study can no longer be read or written: a full disk, a folder whose
/// permissions changed, a lost server. Each change is its own transaction, so the study holds
/// everything up to the last completed step.
/// </summary>
public sealed class StudyStorageFailedException(string message) : Exception(message);
