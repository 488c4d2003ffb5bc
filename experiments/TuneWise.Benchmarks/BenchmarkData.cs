using TuneWise.Models.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.Benchmarks;

/// <summary>What the benchmarks share: their data and their statistics.</summary>
internal static class BenchmarkData
{
    /// <summary>10,000 training images of Fashion-MNIST (the full set when installed, else the bundled split), seed 1.</summary>
    public static TrainingData FashionMnist10k()
    {
        var splits = FashionMnist.Load(FashionMnist.Locate(null, AppContext.BaseDirectory));
        return ExperimentData.Prepare(splits.Train ?? splits.Test!, null, null, new DataSection { ValidationFraction = 0.1, TrainLimit = 10_000 }, 1);
    }

    /// <summary>The folder holding TuneWise.sln, found upwards from the benchmark's own folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "TuneWise.sln"))) return folder.FullName;
            throw new InvalidOperationException("TuneWise.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
