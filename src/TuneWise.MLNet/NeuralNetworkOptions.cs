using TuneWise.Core.Experiments;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>
/// Settings of the neural-network trainer: ML.NET's column names, and the model, training and
/// health sections of an experiment file with the same names and defaults.
/// </summary>
public sealed class NeuralNetworkOptions
{
    /// <summary>The label column: a key for multiclass (as MapValueToKey makes it), Boolean for binary, Single for regression. Default <c>Label</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column: a vector of Single of known size. Default <c>Features</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>
    /// The shape of one sample when the features are an image, e.g. [1, 28, 28] for Fashion-MNIST;
    /// the <c>cnn</c> and <c>resnet</c> models need it. Default null: the feature vector as it is.
    /// </summary>
    public int[]? ImageShape { get; set; }

    /// <summary>The network (the experiment file's <c>model</c> section).</summary>
    public ModelSection Model { get; set; } = new();

    /// <summary>How to train it (the experiment file's <c>training</c> section).</summary>
    public TrainingSection Training { get; set; } = new();

    /// <summary>How the health monitor watches training (the experiment file's <c>health</c> section).</summary>
    public HealthSection Health { get; set; } = new();

    /// <summary>Share of the training data held out to evaluate each epoch, when <c>Fit</c> gets no validation data. Default 0.1.</summary>
    public double ValidationFraction { get; set; } = new DataSection().ValidationFraction;

    /// <summary>Feature scaling fitted on the training data and stored with the model. Default <c>standardize</c>.</summary>
    public NormalizeKind Normalize { get; set; } = new DataSection().Normalize;

    /// <summary>Regression: train on standardised targets and predict in the target's own units. Default true.</summary>
    public bool NormalizeTarget { get; set; } = new DataSection().NormalizeTarget;

    /// <summary>Seed of the validation split, the initial weights, dropout and shuffling. Default 42.</summary>
    public int Seed { get; set; } = new Experiment().Seed;

    /// <summary>Run the preflight checks (data, initial loss, a small batch the model must memorise) before training. Default true.</summary>
    public bool Preflight { get; set; } = true;

    /// <summary>
    /// Stop when the health monitor finds a fatal problem (a NaN loss, exploding gradients) and throw
    /// <see cref="UnhealthyTrainingException"/> with the diagnosis. Default true; false trains on and
    /// leaves the verdicts on the model.
    /// </summary>
    public bool StopOnFatal { get; set; } = true;

    /// <summary>Told about every epoch as it ends; null for none.</summary>
    public IProgress<EpochMetrics>? Progress { get; set; }

    /// <summary>The experiment these options describe for <paramref name="task"/>.</summary>
    internal Experiment ToExperiment(TaskKind task) => new()
    {
        Name = "ml.net",
        Seed = Seed,
        Data = new DataSection { Kind = DataSourceKind.DataView, Task = task, ValidationFraction = ValidationFraction, Normalize = Normalize, NormalizeTarget = NormalizeTarget },
        Model = Model,
        Training = Training,
        Health = Health,
    };

    /// <summary>A shallow copy (the sections are immutable records).</summary>
    internal NeuralNetworkOptions Copy() => (NeuralNetworkOptions)MemberwiseClone();
}
