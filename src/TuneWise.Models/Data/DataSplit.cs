using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>Splits and subsamples datasets, keeping class proportions.</summary>
public static class DataSplit
{
    /// <summary>
    /// Splits off <paramref name="fraction"/> of the samples as validation. For classification each
    /// class contributes the same share (stratified); regression splits at random. Seeded.
    /// </summary>
    public static (Dataset Train, Dataset Validation) Stratified(Dataset data, double fraction, int seed)
    {
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1)");
        var rng = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Groups(data))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            int take = (int)Math.Round(members.Length * fraction);
            validation.AddRange(members[..take]);
            train.AddRange(members[take..]);
        }
        train.Sort();
        validation.Sort();
        if (train.Count == 0 || validation.Count == 0)
            throw new DataLoadException(data.Source, $"{data.Count} samples are too few to split {fraction:P0} off for validation");
        return (data.Subset(train), data.Subset(validation));
    }

    /// <summary>
    /// Exactly <paramref name="limit"/> samples (or all, when there are fewer), drawn per class in
    /// proportion (seeded). Each class's share is rounded by largest remainder, so the total is exact
    /// even when a class's share is below one sample.
    /// </summary>
    public static Dataset Limit(Dataset data, int limit, int seed)
    {
        if (limit >= data.Count) return data;
        var rng = new Random(seed);
        var groups = Groups(data).Select(g => g.ToArray()).ToList();
        var quotas = groups.Select(g => (double)limit * g.Length / data.Count).ToList();
        var counts = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        foreach (int i in Enumerable.Range(0, groups.Count).OrderByDescending(i => quotas[i] - counts[i]).ThenBy(i => i).Take(limit - counts.Sum()))
            counts[i]++;
        var kept = new List<int>();
        for (int i = 0; i < groups.Count; i++)
        {
            rng.Shuffle(groups[i]);
            kept.AddRange(groups[i][..counts[i]]);
        }
        kept.Sort();
        return data.Subset(kept);
    }

    private static IEnumerable<IEnumerable<int>> Groups(Dataset data) =>
        data.Task == TaskKind.Classification
            ? Enumerable.Range(0, data.Count).GroupBy(i => data.Targets[i]).OrderBy(g => g.Key).Select(g => (IEnumerable<int>)g)
            : [Enumerable.Range(0, data.Count)];
}
