namespace TuneWise.Core.Experiments;

/// <summary>
/// An experiment file: the unit of work of <c>tunewise train</c> and of an overnight study.
/// Every field has a default, so <c>{}</c> is a valid experiment.
/// </summary>
public sealed record Experiment
{
    /// <summary>Name used in reports and default file names. Default <c>experiment</c>.</summary>
    public string Name { get; init; } = "experiment";
    /// <summary>Seed for the data split and the search's sampling, and for initialisation and shuffling unless <c>training.seed</c> is set. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The seed of initialisation, dropout and shuffling: <c>training.seed</c>, else <see cref="Seed"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int TrainingSeed => Training.Seed ?? Seed;
    /// <summary>What to train on.</summary>
    public DataSection Data { get; init; } = new();
    /// <summary>Which network.</summary>
    public ModelSection Model { get; init; } = new();
    /// <summary>How to train it.</summary>
    public TrainingSection Training { get; init; } = new();
    /// <summary>How to watch it.</summary>
    public HealthSection Health { get; init; } = new();
    /// <summary>How to search.</summary>
    public SearchSection Search { get; init; } = new();
    /// <summary>Where studies are stored.</summary>
    public StorageSection Storage { get; init; } = new();
    /// <summary>Where the report goes.</summary>
    public ReportSection Report { get; init; } = new();

    /// <summary>Folder against which relative paths in the experiment are resolved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Resolves a path from the experiment file against <see cref="BaseDirectory"/>.</summary>
    public string ResolvePath(string path) => System.IO.Path.GetFullPath(path, BaseDirectory);
}
