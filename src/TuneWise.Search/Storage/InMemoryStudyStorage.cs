using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>A study kept in memory, for tests and short in-process searches. Thread-safe; gone when the process ends.</summary>
public sealed class InMemoryStudyStorage(TimeProvider? clock = null) : IStudyStorage
{
    // Heartbeats and durations are read from this clock, so stale-trial tests can move time instead of sleeping.
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<Entry> _trials = [];
    private readonly Dictionary<string, string> _rangeTests = [];
    private readonly Dictionary<string, string> _attributes = [];
    private string? _key;

    private sealed class Entry
    {
        public required TrialRecord Record;
        public Dictionary<int, double> Intermediate = [];
        public int Retries;
        public string? Worker;
        public DateTimeOffset Heartbeat;
        public DateTimeOffset Started;
        public double? Seconds;
        public PruneDecision? Pruned;
        public string? Error;
        public int? Seed;
        public string? Verdicts, Series;

        public StoredTrial Snapshot() => new()
        {
            Record = Record, Intermediate = new Dictionary<int, double>(Intermediate), Retries = Retries, Worker = Worker,
            Pruned = Pruned, Error = Error, Seconds = Seconds, Seed = Seed, HealthVerdicts = Verdicts, HealthSeries = Series, Started = Started, LastHeartbeat = Heartbeat,
        };
    }

    /// <inheritdoc />
    public void Open(string studyName, string experimentJson, string experimentKey)
    {
        lock (_gate)
        {
            if (_key is not null && _key != experimentKey) throw new StudyMismatchException($"this in-memory study belongs to a different experiment");
            _key = experimentKey;
        }
    }

    /// <inheritdoc />
    public StoredTrial? Claim(string worker, int maxTrials, Func<IReadOnlyList<TrialRecord>, int, IReadOnlyDictionary<string, object>> propose, Func<int, int>? seedFor = null)
    {
        lock (_gate)
        {
            // As the database stores do: a study that was never opened is refused, not silently used.
            if (_key is null) throw new InvalidOperationException("the study storage was not opened: call Open(studyName, experimentJson, experimentKey) first");
            var waiting = _trials.FirstOrDefault(t => t.Record.State == TrialState.Waiting);
            if (waiting is not null)
            {
                waiting.Record = waiting.Record with { State = TrialState.Running };
                (waiting.Worker, waiting.Heartbeat, waiting.Started) = (worker, _clock.GetUtcNow(), _clock.GetUtcNow());
                return waiting.Snapshot();
            }
            var history = _trials.Select(t => t.Record).ToList();
            if (history.Count(t => t.CountsTowardsBudget) >= maxTrials) return null;
            int next = _trials.Count;
            var entry = new Entry
            {
                Record = new TrialRecord { Number = next, State = TrialState.Running, Parameters = propose(history, next) },
                Worker = worker, Heartbeat = _clock.GetUtcNow(), Started = _clock.GetUtcNow(), Seed = seedFor?.Invoke(next),
            };
            _trials.Add(entry);
            return entry.Snapshot();
        }
    }

    /// <inheritdoc />
    public bool Heartbeat(int trial, string worker)
    {
        lock (_gate)
        {
            if (!Holds(trial, worker)) return false;
            _trials[trial].Heartbeat = _clock.GetUtcNow();
            return true;
        }
    }

    /// <inheritdoc />
    public void Report(int trial, int step, double value, string? worker = null)
    {
        lock (_gate) Held(trial, worker).Intermediate[step] = value;
    }

    /// <inheritdoc />
    public void SaveHealth(int trial, string verdictsJson, string seriesJson, string? worker = null)
    {
        lock (_gate) (Held(trial, worker).Verdicts, _trials[trial].Series) = (verdictsJson, seriesJson);
    }

    /// <inheritdoc />
    public void Finish(int trial, TrialState state, double? value, bool unhealthy = false, PruneDecision? pruned = null, string? error = null, string? worker = null)
    {
        lock (_gate)
        {
            var e = Held(trial, worker);
            // Like the database stores: a non-finite value is no value.
            e.Record = e.Record with { State = state, Value = value is { } v && double.IsFinite(v) ? v : null, Unhealthy = unhealthy };
            (e.Pruned, e.Error, e.Seconds) = (pruned, error, (_clock.GetUtcNow() - e.Started).TotalSeconds);
        }
    }

    // A trial is written only while it runs, and only by its worker when one is named.
    private bool Holds(int trial, string? worker) =>
        trial >= 0 && trial < _trials.Count && _trials[trial].Record.State == TrialState.Running && (worker is null || _trials[trial].Worker == worker);

    private Entry Held(int trial, string? worker) => Holds(trial, worker) ? _trials[trial] : throw new TrialLostException(trial, worker);

    /// <inheritdoc />
    public int RecoverStale(TimeSpan timeout, int maxRetries)
    {
        lock (_gate)
        {
            int count = 0;
            foreach (var e in _trials.Where(t => t.Record.State == TrialState.Running && _clock.GetUtcNow() - t.Heartbeat > timeout))
            {
                count++;
                if (e.Retries < maxRetries) { e.Retries++; e.Record = e.Record with { State = TrialState.Waiting }; e.Intermediate.Clear(); e.Worker = null; }
                else { e.Record = e.Record with { State = TrialState.Failed }; e.Error = "worker stopped sending heartbeats; retries exhausted"; }
            }
            return count;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredTrial> Trials(bool withHealthSeries = true)
    {
        lock (_gate) return _trials.Select(t => withHealthSeries ? t.Snapshot() : t.Snapshot() with { HealthSeries = null }).ToList();
    }

    /// <inheritdoc />
    public string? HealthSeries(int trial)
    {
        lock (_gate) return _trials.FirstOrDefault(t => t.Record.Number == trial)?.Series;
    }

    /// <inheritdoc />
    public void SaveRangeTest(string optimizer, string resultJson)
    {
        lock (_gate) _rangeTests.TryAdd(optimizer, resultJson);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> RangeTests()
    {
        lock (_gate) return new Dictionary<string, string>(_rangeTests);
    }

    /// <inheritdoc />
    public void Release(int trial, string worker)
    {
        lock (_gate)
        {
            var e = _trials[trial];
            if (e.Worker != worker || e.Record.State != TrialState.Running) return;
            e.Record = e.Record with { State = TrialState.Waiting };
            e.Worker = null;
            e.Intermediate.Clear();
        }
    }

    /// <inheritdoc />
    public void SaveAttribute(string key, string json)
    {
        lock (_gate) _attributes[key] = json;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Attributes()
    {
        lock (_gate) return new Dictionary<string, string>(_attributes);
    }

    /// <inheritdoc />
    public void Dispose() { }
}
