namespace TuneWise.Search.Storage;

/// <summary>
/// A study's trials (without health series) as a store last read them, brought up to date by
/// reading only the trials changed since. The claim, the pruners, the budget and the live view all
/// ask a store for its trials many times a trial; reading all of them each time costs O(trials)
/// per call, which at 100,000 trials is most of a claim.
/// </summary>
/// <remarks>
/// <see cref="Since"/> is the store's mark of the last read: SQLite's change counter, or the
/// oldest PostgreSQL transaction that was still running when the last read began (a change
/// committed later by such a transaction is read next time; a trial read twice is harmless).
/// </remarks>
internal sealed class TrialHistory
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, StoredTrial> _trials = [];
    private IReadOnlyList<StoredTrial> _list = [];

    /// <summary>The store's mark of the last read; null before the first (read everything).</summary>
    public long? Since { get; private set; }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<StoredTrial> All
    {
        get { lock (_gate) return _list; }
    }

    /// <summary>Takes in the trials read as changed since <see cref="Since"/>, and the new mark.</summary>
    public IReadOnlyList<StoredTrial> Apply(IReadOnlyCollection<StoredTrial> changed, long mark)
    {
        lock (_gate)
        {
            foreach (var trial in changed) _trials[trial.Record.Number] = trial;
            if (changed.Count > 0 || Since is null) _list = [.. _trials.Values];
            Since = mark;
            return _list;
        }
    }
}
