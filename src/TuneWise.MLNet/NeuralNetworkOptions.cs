using TuneWise.Core.Experiments;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>
/// Settings of the neural-network trainer, flat as ML.NET's own trainer options are. Every default is
/// the experiment file's (the same network and training a <c>tunewise train</c> run gets), and every
/// value is checked by the same rules when training starts.
/// </summary>
public sealed class NeuralNetworkOptions
{
    private static readonly ModelSection DefaultModel = new();
    private static readonly TrainingSection DefaultTraining = new();
    private static readonly HealthSection DefaultHealth = new();
    private static readonly DataSection DefaultData = new();

    /// <summary>The label column: a key for multiclass (as MapValueToKey makes it), Boolean for binary, Single for regression. Default <c>Label</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column: a vector of Single of known size. Default <c>Features</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>
    /// The shape of one sample when the features are an image, e.g. [1, 28, 28] for Fashion-MNIST;
    /// the <c>Cnn</c> and <c>ResNet</c> architectures need it. Default null: the feature vector as it is.
    /// </summary>
    public int[]? ImageShape { get; set; }

    /// <summary>The network family: <c>Mlp</c>, <c>Cnn</c> or <c>ResNet</c>. Default <c>Mlp</c>.</summary>
    public ModelKind Architecture { get; set; } = DefaultModel.Kind;

    /// <summary>Widths of the hidden layers (MLP) or of the dense head (CNN); empty is a linear model. Default [256, 128].</summary>
    public int[] HiddenLayers { get; set; } = [.. DefaultModel.Hidden];

    /// <summary>CNN: output channels of each convolution block; ResNet: channels of each stage. Default [32, 64].</summary>
    public int[] Channels { get; set; } = [.. DefaultModel.Channels];

    /// <summary>ResNet: residual blocks per stage. Default 2.</summary>
    public int ResidualBlocks { get; set; } = DefaultModel.Blocks;

    /// <summary>The activation after each hidden layer. Default <c>Relu</c>.</summary>
    public ActivationKind Activation { get; set; } = DefaultModel.Activation;

    /// <summary>How the weights start. Default <c>He</c>.</summary>
    public InitKind Initialization { get; set; } = DefaultModel.Init;

    /// <summary>Batch normalisation after each hidden layer or convolution. Default false.</summary>
    public bool BatchNormalization { get; set; } = DefaultModel.BatchNorm;

    /// <summary>Dropout probability after each hidden layer, in [0, 1). Default 0.</summary>
    public double Dropout { get; set; } = DefaultModel.Dropout;

    /// <summary>Passes over the training data. Default 10.</summary>
    public int NumberOfEpochs { get; set; } = DefaultTraining.Epochs;

    /// <summary>Rows per optimizer step. Default 64.</summary>
    public int BatchSize { get; set; } = DefaultTraining.BatchSize;

    /// <summary>The optimizer. Default <c>Adam</c>.</summary>
    public OptimizerKind Optimizer { get; set; } = DefaultTraining.Optimizer;

    /// <summary>The (peak) learning rate. Default 0.001.</summary>
    public double LearningRate { get; set; } = DefaultTraining.LearningRate;

    /// <summary>Momentum of momentum and Nesterov SGD and of RMSprop; null for the optimizer's default (0.9; RMSprop 0).</summary>
    public double? Momentum { get; set; } = DefaultTraining.Momentum;

    /// <summary>How the learning rate changes over the epochs. Default <c>Constant</c>.</summary>
    public ScheduleKind LearningRateSchedule { get; set; } = DefaultTraining.Schedule;

    /// <summary>L2 penalty λ·Σw² added to the loss (weights, not biases). Default 0.</summary>
    public double L2Regularization { get; set; } = DefaultTraining.L2;

    /// <summary>Decoupled weight decay applied by the optimizer (AdamW-style). Default 0.</summary>
    public double WeightDecay { get; set; } = DefaultTraining.WeightDecay;

    /// <summary>Gradient clipping: <c>None</c>, <c>Norm</c> or <c>Value</c>. Default <c>None</c>.</summary>
    public ClipMode GradientClipping { get; set; } = DefaultTraining.Clip.Mode;

    /// <summary>The clipping threshold (the gradient norm, or each value's magnitude). Default 1.</summary>
    public double GradientClippingThreshold { get; set; } = DefaultTraining.Clip.Threshold;

    /// <summary>
    /// Where to train: <c>auto</c> (a CUDA device when the build and machine have one, else the CPU),
    /// <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. Scoring always runs on ONNX Runtime. Default <c>auto</c>.
    /// </summary>
    public string Device { get; set; } = DefaultTraining.Device;

    /// <summary>Optimizer steps between full health probes. Default 100 (the monitor then costs about 1–2 % of training time).</summary>
    public int HealthCheckInterval { get; set; } = DefaultHealth.Cadence;

    /// <summary>Overrides of the health detectors' thresholds, by name (e.g. <c>dead_relu_fraction</c>).</summary>
    public IDictionary<string, double> HealthThresholds { get; set; } = new Dictionary<string, double>();

    /// <summary>Share of the training data held out to evaluate each epoch, when <c>Fit</c> gets no validation data, in [0, 1). Default 0.1.</summary>
    public double ValidationFraction { get; set; } = DefaultData.ValidationFraction;

    /// <summary>Feature scaling fitted on the training data and stored with the model. Default <c>Standardize</c>.</summary>
    public NormalizeKind Normalize { get; set; } = DefaultData.Normalize;

    /// <summary>Regression: train on standardised targets and predict in the target's own units. Default true.</summary>
    public bool NormalizeTarget { get; set; } = DefaultData.NormalizeTarget;

    /// <summary>
    /// Seed of the validation split, the initial weights, dropout and shuffling. Default null: drawn
    /// from the <c>MLContext</c>'s seed, as ML.NET's trainers do (a context made with a seed trains
    /// the same network every run).
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Run the preflight checks (data, initial loss, a small batch the model must memorise) before training. Default true.</summary>
    public bool Preflight { get; set; } = true;

    /// <summary>
    /// Stop when the health monitor finds a fatal problem (a NaN loss, exploding gradients) and throw
    /// <see cref="UnhealthyTrainingException"/> with the diagnosis. Default true; false trains on and
    /// leaves the verdicts on the model.
    /// </summary>
    public bool StopOnFatal { get; set; } = true;

    /// <summary>Told about every epoch as it ends; null for none. Each epoch is also written to the <c>MLContext</c>'s <c>Log</c>.</summary>
    public IProgress<EpochMetrics>? Progress { get; set; }

    /// <summary>The experiment these options describe for <paramref name="task"/>, trained with <paramref name="seed"/>.</summary>
    internal Experiment ToExperiment(TaskKind task, int seed) => new()
    {
        Name = "ml.net",
        Seed = seed,
        Data = new DataSection { Kind = DataSourceKind.DataView, Task = task, ValidationFraction = ValidationFraction, Normalize = Normalize, NormalizeTarget = NormalizeTarget, LabelColumn = LabelColumnName },
        Model = DefaultModel with
        {
            Kind = Architecture, Hidden = [.. HiddenLayers], Channels = [.. Channels], Blocks = ResidualBlocks, Activation = Activation,
            Init = Initialization, BatchNorm = BatchNormalization, Dropout = Dropout,
        },
        Training = DefaultTraining with
        {
            Epochs = NumberOfEpochs, BatchSize = BatchSize, Optimizer = Optimizer, LearningRate = LearningRate, Momentum = Momentum,
            Schedule = LearningRateSchedule, L2 = L2Regularization, WeightDecay = WeightDecay,
            Clip = new ClipSection { Mode = GradientClipping, Threshold = GradientClippingThreshold }, Device = Device,
        },
        Health = DefaultHealth with { Cadence = HealthCheckInterval, Thresholds = new Dictionary<string, double>(HealthThresholds) },
    };

    /// <summary>A copy: the arrays and the thresholds are copied too.</summary>
    internal NeuralNetworkOptions Copy()
    {
        var copy = (NeuralNetworkOptions)MemberwiseClone();
        copy.HiddenLayers = [.. HiddenLayers];
        copy.Channels = [.. Channels];
        copy.ImageShape = ImageShape is null ? null : [.. ImageShape];
        copy.HealthThresholds = new Dictionary<string, double>(HealthThresholds);
        return copy;
    }
}
