using TuneWise.Core.Trials;

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
/// Trial numbers are dense (0, 1, 2, …), so a trial's place in the list is its number; a list
/// handed out is never changed afterwards, as callers enumerate it on other threads.
/// </remarks>
internal sealed class TrialHistory
{
    private readonly Lock _gate = new();
    private StoredTrial[] _byNumber = [];
    private IReadOnlyList<StoredTrial> _list = [];
    private TrialRecord[] _records = [];

    /// <summary>The store's mark of the last read; null before the first (read everything).</summary>
    public long? Since { get; private set; }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<StoredTrial> All
    {
        get { lock (_gate) return _list; }
    }

    /// <summary>What samplers see of every trial, by number (the claim's history).</summary>
    public IReadOnlyList<TrialRecord> Records
    {
        get { lock (_gate) return _records; }
    }

    /// <summary>Takes in the trials read as changed since <see cref="Since"/>, and the new mark.</summary>
    public IReadOnlyList<StoredTrial> Apply(IReadOnlyCollection<StoredTrial> changed, long mark)
    {
        lock (_gate)
        {
            if (changed.Count > 0)
            {
                int size = Math.Max(_byNumber.Length, changed.Max(t => t.Record.Number) + 1);
                // Numbers not read yet stay null until their trial arrives (never, with dense numbers).
                var next = new StoredTrial[size];
                Array.Copy(_byNumber, next, _byNumber.Length);
                foreach (var trial in changed) next[trial.Record.Number] = trial;
                _byNumber = next;
                // A copy of an array of references is a memory copy; a gap is left out.
                var list = Array.IndexOf<StoredTrial?>(next, null) < 0 ? next : next.Where(t => t is not null).ToArray();
                _list = list;
                _records = Array.ConvertAll(list, t => t.Record);
            }
            Since = mark;
            return _list;
        }
    }
}
