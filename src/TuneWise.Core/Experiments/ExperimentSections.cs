namespace TuneWise.Core.Experiments;

/// <summary>The <c>data</c> section: what to train on.</summary>
public sealed record DataSection
{
    /// <summary>Source kind. Default <c>fashion-mnist</c>.</summary>
    public DataSourceKind Kind { get; init; } = DataSourceKind.FashionMnist;
    /// <summary>File or folder, relative to the experiment file. For <c>fashion-mnist</c> the default is the
    /// installed full dataset when present, else the bundled test split.</summary>
    public string? Path { get; init; }
    /// <summary>CSV: the label column's header. Default <c>label</c>.</summary>
    public string LabelColumn { get; init; } = "label";
    /// <summary>CSV: the feature columns; default every column but the label.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }
    /// <summary>Classification or regression. Default classification.</summary>
    public TaskKind Task { get; init; } = TaskKind.Classification;
    /// <summary>Share of the training data held out for validation (stratified). Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>A separate validation file; when set, <see cref="ValidationFraction"/> is ignored.</summary>
    public string? ValidationPath { get; init; }
    /// <summary>A separate test file, evaluated once after training.</summary>
    public string? TestPath { get; init; }
    /// <summary>Use at most this many training samples (stratified); null for all.</summary>
    public int? TrainLimit { get; init; }
    /// <summary>Feature scaling fitted on the training split. Default <c>standardize</c>.</summary>
    public NormalizeKind Normalize { get; init; } = NormalizeKind.Standardize;
    /// <summary>
    /// Regression only: train on targets standardised with the training split's mean and deviation,
    /// and report losses back in the target's own units. Default true: on targets of order 10⁴ an
    /// unscaled network learns slowly, which the health checks rightly call a plateau.
    /// </summary>
    public bool NormalizeTarget { get; init; } = true;
    /// <summary>Reshuffle the training data every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>
    /// What identifies data that has no file (an ML.NET <c>IDataView</c> handed to the tuning API):
    /// its columns with their types and its row counts, written by the API. Part of the study key,
    /// so a study resumed with other data is refused instead of mixing trials. Null for files.
    /// </summary>
    public string? Fingerprint { get; init; }
    /// <summary>Images: the [height, width] every image is resized to. Default: the first image's size.</summary>
    public IReadOnlyList<int>? ImageSize { get; init; }
    /// <summary>Images: read as one grey channel instead of three colour channels. Default false.</summary>
    public bool Grayscale { get; init; }
    /// <summary>Random changes to each training batch of images (never to validation or test data). Default: none.</summary>
    public AugmentSection Augment { get; init; } = new();
}

/// <summary>
/// The <c>data.augment</c> section: image augmentation applied on the fly to each training batch, with
/// its own seeded generator, as torchvision's <c>RandomCrop(padding)</c>, <c>RandomHorizontalFlip</c>
/// and <c>RandomErasing</c> do. Each field is tunable (<c>cropPadding</c>, <c>flip</c>, <c>erasing</c>).
/// </summary>
public sealed record AugmentSection
{
    /// <summary>Pad each image by this many pixels and crop it back at a random place (a shift of up to this many pixels). Default 0: off.</summary>
    public int CropPadding { get; init; }
    /// <summary>Mirror half of the images left to right. Default false.</summary>
    public bool Flip { get; init; }
    /// <summary>Probability of blanking a random rectangle (2–33 % of the image, aspect 0.3–3.3) in each image. Default 0: off.</summary>
    public double Erasing { get; init; }

    /// <summary>True when any augmentation is on.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Any => CropPadding > 0 || Flip || Erasing > 0;
}

/// <summary>The <c>model</c> section: which network to build.</summary>
public sealed record ModelSection
{
    /// <summary>Network family. Default <c>mlp</c>.</summary>
    public ModelKind Kind { get; init; } = ModelKind.Mlp;
    /// <summary>Hidden layer widths (MLP) or dense-head widths (CNN). An empty list is a linear model. Default [256, 128].</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [256, 128];
    /// <summary>CNN: output channels of each conv block; ResNet: channels of each stage. Default [32, 64].</summary>
    public IReadOnlyList<int> Channels { get; init; } = [32, 64];
    /// <summary>ResNet: residual blocks per stage. Default 2.</summary>
    public int Blocks { get; init; } = 2;
    /// <summary>Activation. Default <c>relu</c>.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;
    /// <summary>Weight init. Default <c>he</c>.</summary>
    public InitKind Init { get; init; } = InitKind.He;
    /// <summary>Std for <c>normal</c> init, half-width for <c>uniform</c>. Default 0.01.</summary>
    public double InitStd { get; init; } = 0.01;
    /// <summary>Value for <c>constant</c> init. Default 0.</summary>
    public double InitValue { get; init; }
    /// <summary>Every bias starts at this value. Default 0.</summary>
    public double BiasInit { get; init; }
    /// <summary>Batch normalisation after each hidden layer / conv. Default false.</summary>
    public bool BatchNorm { get; init; }
    /// <summary>Dropout probability after each hidden layer. Default 0.</summary>
    public double Dropout { get; init; }
}

/// <summary>The <c>training.clip</c> section.</summary>
public sealed record ClipSection
{
    /// <summary>none | value | norm. Default none.</summary>
    public ClipMode Mode { get; init; } = ClipMode.None;
    /// <summary>Clip threshold. Default 1.</summary>
    public double Threshold { get; init; } = 1.0;
}

/// <summary>The <c>training</c> section: how to train.</summary>
public sealed record TrainingSection
{
    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>
    /// Seed of the initial weights, dropout and shuffling; null uses the experiment's <c>seed</c>, which
    /// always fixes the data split. A tuning study gives each trial its own training seed on one split.
    /// </summary>
    public int? Seed { get; init; }
    /// <summary>Samples per step. Default 64.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Optimizer. Default <c>adam</c>.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>Peak learning rate. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Momentum for momentum/nesterov SGD and RMSprop. Default 0.9 (0 for RMSprop unless set).</summary>
    public double? Momentum { get; init; }
    /// <summary>Adam-family betas. Default [0.9, 0.999].</summary>
    public IReadOnlyList<double> Betas { get; init; } = [0.9, 0.999];
    /// <summary>RMSprop smoothing constant. Default 0.99.</summary>
    public double RmspropAlpha { get; init; } = 0.99;
    /// <summary>Centered RMSprop. Default false.</summary>
    public bool Centered { get; init; }
    /// <summary>Optimizer epsilon; default is each optimizer's own (1e-8, Adadelta 1e-6, Adagrad 1e-10).</summary>
    public double? Eps { get; init; }
    /// <summary>Learning-rate schedule. Default <c>constant</c>.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;
    /// <summary>Step schedule: epochs between decays. Default 5.</summary>
    public int StepEpochs { get; init; } = 5;
    /// <summary>Step schedule: decay factor. Default 0.1.</summary>
    public double StepGamma { get; init; } = 0.1;
    /// <summary>L2 penalty λ·Σw² added to the loss (weights only, not biases) and reported as its own term. Default 0.</summary>
    public double L2 { get; init; }
    /// <summary>Decoupled weight decay applied by the optimizer. Default 0.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Gradient clipping.</summary>
    public ClipSection Clip { get; init; } = new();
    /// <summary>
    /// Where to train: <c>auto</c> (a CUDA device when the build and machine have one, else the CPU),
    /// <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. The model and optimizer live there; the data moves per batch. Default <c>auto</c>.
    /// </summary>
    public string Device { get; init; } = "auto";
}

/// <summary>The <c>health</c> section: how training is watched.</summary>
public sealed record HealthSection
{
    /// <summary>Steps between full health probes. Default 100 (the monitor then costs about 1–2 % of training time).</summary>
    public int Cadence { get; init; } = 100;
    /// <summary>Overrides of detector thresholds, by name.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
    /// <summary>Check every gradient for NaN/Inf at every step (default false: the loss is checked every step, gradients at probes).</summary>
    public bool CheckGradientsEveryStep { get; init; }
}

/// <summary>The <c>storage</c> section.</summary>
public sealed record StorageSection
{
    /// <summary>SQLite study file, relative to the experiment file. Default <c>&lt;name&gt;.db</c>.</summary>
    public string? Path { get; init; }
    /// <summary>A PostgreSQL connection string; overrides <see cref="Path"/>.</summary>
    public string? Connection { get; init; }
}

/// <summary>The <c>report</c> section.</summary>
public sealed record ReportSection
{
    /// <summary>HTML report path, relative to the experiment file. Default <c>&lt;name&gt;.html</c>.</summary>
    public string? Path { get; init; }
}
