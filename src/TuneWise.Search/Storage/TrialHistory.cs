using System.Collections;
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
/// Trial numbers are dense (0, 1, 2, …), so a trial's place in the list is its number. A list
/// handed out never changes afterwards (callers enumerate it on other threads); an update copies
/// only the blocks of the list it touches, so a change to one trial of 100,000 costs a few
/// kilobytes, not a copy of the study.
/// </remarks>
internal sealed class TrialHistory
{
    private readonly Lock _gate = new();
    private Blocks<StoredTrial> _trials = Blocks<StoredTrial>.Empty;
    private Blocks<TrialRecord> _records = Blocks<TrialRecord>.Empty;
    private int _waiting, _counted;

    /// <summary>The store's mark of the last read; null before the first (read everything).</summary>
    public long? Since { get; private set; }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<StoredTrial> All
    {
        get { lock (_gate) return _trials; }
    }

    /// <summary>What samplers see of every trial, by number (the claim's history).</summary>
    public IReadOnlyList<TrialRecord> Records
    {
        get { lock (_gate) return _records; }
    }

    /// <summary>What a claim decides on: the records and their counts, as one consistent view.</summary>
    public ClaimRace Claim
    {
        get { lock (_gate) return new ClaimRace(_records, _waiting, _counted); }
    }

    /// <summary>Takes in the trials read as changed since <see cref="Since"/>, and the new mark.</summary>
    /// <exception cref="InvalidOperationException">A trial's number leaves a gap: the store broke the numbering it guarantees.</exception>
    public IReadOnlyList<StoredTrial> Apply(IReadOnlyCollection<StoredTrial> changed, long mark)
    {
        lock (_gate)
        {
            if (changed.Count > 0)
            {
                // In number order, so that a new trial always lands right after the last; a trial read
                // twice in one batch counts once, as its last reading.
                var ordered = changed.GroupBy(t => t.Record.Number).Select(g => g.Last()).OrderBy(t => t.Record.Number).ToList();
                var (waiting, counted) = (_waiting, _counted);
                foreach (var trial in ordered)
                {
                    int number = trial.Record.Number;
                    if (number < _records.Count) (waiting, counted) = Tally.Add(_records[number], waiting, counted, -1);
                    (waiting, counted) = Tally.Add(trial.Record, waiting, counted, +1);
                }
                var records = _records.With(ordered.Select(t => (t.Record.Number, t.Record)));
                _trials = _trials.With(ordered.Select(t => (t.Record.Number, t)));
                (_records, _waiting, _counted) = (records, waiting, counted);
            }
            Since = mark;
            return _trials;
        }
    }

    /// <summary>An immutable list kept in blocks: a changed copy shares every block it does not touch.</summary>
    private sealed class Blocks<T> : IReadOnlyList<T>
    {
        private const int Shift = 10, Size = 1 << Shift, Mask = Size - 1;
        private readonly T[][] _blocks;

        public static Blocks<T> Empty { get; } = new([], 0);

        private Blocks(T[][] blocks, int count) => (_blocks, Count) = (blocks, count);

        public int Count { get; }

        public T this[int index] => (uint)index < (uint)Count ? _blocks[index >> Shift][index & Mask] : throw new ArgumentOutOfRangeException(nameof(index));

        /// <summary>A copy with the items set at their indices; an index may be at most the count (appending).</summary>
        public Blocks<T> With(IEnumerable<(int Index, T Item)> items)
        {
            var blocks = _blocks;
            int count = Count;
            var copied = new HashSet<int>();
            foreach (var (index, item) in items)
            {
                if (index > count) throw new InvalidOperationException($"trial {index} arrived before trial {count}: trial numbers must have no gaps");
                int block = index >> Shift;
                if (block == blocks.Length) blocks = [.. blocks, new T[Size]];
                else if (blocks == _blocks) blocks = (T[][])blocks.Clone();
                if (copied.Add(block) && block < _blocks.Length) blocks[block] = (T[])_blocks[block].Clone();
                blocks[block][index & Mask] = item;
                if (index == count) count++;
            }
            return new Blocks<T>(blocks, count);
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return _blocks[i >> Shift][i & Mask];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
