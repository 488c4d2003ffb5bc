using TuneWise.Models.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Tests;

/// <summary>Shared test inputs: the bundled Fashion-MNIST split and small experiments over it.</summary>
internal static class TestData
{
    private static readonly Lazy<Dataset> Bundled = new(() => FashionMnist.Load(BundledFolder).Test!);

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TuneWise.sln"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    public static string BundledFolder => Path.Combine(RepositoryRoot, "data", "fashion-mnist");

    /// <summary>The bundled 10,000 images, read once per test run.</summary>
    public static Dataset FashionMnistTest => Bundled.Value;

    /// <summary>A small stratified slice of the bundled data, split and standardized.</summary>
    public static TrainingData Small(int trainLimit = 1000, int seed = 7, bool shuffle = true) =>
        ExperimentData.Prepare(Bundled.Value, null, null,
            new DataSection { ValidationFraction = 0.2, TrainLimit = trainLimit, Shuffle = shuffle }, seed);

    public static Experiment Experiment(TrainingSection? training = null, ModelSection? model = null, bool shuffle = true) => new()
    {
        Seed = 7,
        Data = new DataSection { Shuffle = shuffle },
        Model = model ?? new ModelSection { Hidden = [64] },
        Training = training ?? new TrainingSection { Epochs = 2, BatchSize = 50 },
    };

    public static string TempFile(string name, string content)
    {
        var dir = Directory.CreateTempSubdirectory("tunewise-test");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
