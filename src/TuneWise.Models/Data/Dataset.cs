using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>
/// Samples held in memory: a row-major feature matrix and one target per sample. For
/// classification the target is the class index; for regression it is the value.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; <paramref name="features"/> holds <c>count × product(sampleShape)</c> values.</summary>
    public Dataset(float[] features, float[] targets, int[] sampleShape, TaskKind task, int classCount, string source,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? classNames = null, IReadOnlyList<long>? sourceRows = null)
    {
        int width = sampleShape.Aggregate(1, (a, b) => a * b);
        if (width <= 0) throw new ArgumentException("Every sample needs at least one feature.", nameof(sampleShape));
        if (features.Length != targets.Length * width)
            throw new ArgumentException($"{features.Length} feature values do not make {targets.Length} samples of {width} features.", nameof(features));
        FeatureCount = width;
        Features = features;
        Targets = targets;
        SampleShape = sampleShape;
        Task = task;
        ClassCount = classCount;
        Source = source;
        FeatureNames = featureNames;
        ClassNames = classNames;
        SourceRows = sourceRows;
    }

    /// <summary>Feature values, sample after sample.</summary>
    public float[] Features { get; }
    /// <summary>One target per sample: class index or regression value.</summary>
    public float[] Targets { get; }
    /// <summary>Shape of one sample, e.g. [1, 28, 28] for an image or [13] for a table row.</summary>
    public int[] SampleShape { get; }
    /// <summary>Classification or regression.</summary>
    public TaskKind Task { get; }
    /// <summary>Number of classes (0 for regression).</summary>
    public int ClassCount { get; }
    /// <summary>Where the samples came from, for messages.</summary>
    public string Source { get; }
    /// <summary>Names of the features (CSV columns), when known.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }
    /// <summary>Names of the classes, when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Where each sample came from in <see cref="Source"/> (CSV line, IDX item), when known; kept through splits.</summary>
    public IReadOnlyList<long>? SourceRows { get; }

    /// <summary>The source row of sample <paramref name="index"/>: its CSV line or IDX item number, else its 1-based position.</summary>
    public long SourceRow(int index) => SourceRows?[index] ?? index + 1;

    /// <summary>A copy with other feature values (e.g. normalised), keeping everything else.</summary>
    public Dataset WithFeatures(float[] features) =>
        new(features, Targets, SampleShape, Task, ClassCount, Source, FeatureNames, ClassNames, SourceRows);

    /// <summary>The same samples with other targets (e.g. standardised regression targets).</summary>
    public Dataset WithTargets(float[] targets) =>
        new(Features, targets, SampleShape, Task, ClassCount, Source, FeatureNames, ClassNames, SourceRows);

    /// <summary>Number of samples.</summary>
    public int Count => Targets.Length;
    /// <summary>Features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>A new dataset holding the given samples, in the given order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string? source = null)
    {
        int width = FeatureCount;
        var features = new float[indices.Count * width];
        var targets = new float[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Array.Copy(Features, (long)indices[i] * width, features, (long)i * width, width);
            targets[i] = Targets[indices[i]];
        }
        var rows = indices.Select(i => SourceRow(i)).ToArray();
        return new Dataset(features, targets, SampleShape, Task, ClassCount, source ?? Source, FeatureNames, ClassNames, rows);
    }

    /// <summary>Samples per class (classification only).</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var t in Targets)
        {
            int c = (int)t;
            if (c >= 0 && c < ClassCount) counts[c]++;
        }
        return counts;
    }
}
