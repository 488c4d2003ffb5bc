using System.Text.Json.Serialization;

namespace TuneWise.Core.Experiments;

/// <summary>Where an experiment's data comes from.</summary>
public enum DataSourceKind
{
    /// <summary>Fashion-MNIST IDX files: the bundled test split, the installed full set, or a folder.</summary>
    [JsonStringEnumMemberName("fashion-mnist")] FashionMnist,
    /// <summary>A pair of IDX files (images and labels) in a folder.</summary>
    [JsonStringEnumMemberName("idx")] Idx,
    /// <summary>A CSV file with a header row.</summary>
    [JsonStringEnumMemberName("csv")] Csv,
    /// <summary>A folder of PNG or JPEG images with one sub-folder per class, named after it.</summary>
    [JsonStringEnumMemberName("images")] Images,
    /// <summary>
    /// An ML.NET <c>IDataView</c> handed to the tuning API in code. A study of such data can be read
    /// (<c>tunewise status</c>, <c>tunewise report</c>) but not run from an experiment file.
    /// </summary>
    [JsonStringEnumMemberName("dataview")] DataView,
}

/// <summary>What the network predicts.</summary>
public enum TaskKind
{
    /// <summary>One class out of several; softmax cross-entropy.</summary>
    [JsonStringEnumMemberName("classification")] Classification,
    /// <summary>A real number; mean squared error.</summary>
    [JsonStringEnumMemberName("regression")] Regression,
}

/// <summary>How features are rescaled; statistics come from the training split only.</summary>
public enum NormalizeKind
{
    /// <summary>Leave features as they are.</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>Rescale each feature to [0, 1].</summary>
    [JsonStringEnumMemberName("minmax")] MinMax,
    /// <summary>Subtract each feature's mean and divide by its standard deviation.</summary>
    [JsonStringEnumMemberName("standardize")] Standardize,
}

/// <summary>Network family of the model zoo.</summary>
public enum ModelKind
{
    /// <summary>Fully connected layers.</summary>
    [JsonStringEnumMemberName("mlp")] Mlp,
    /// <summary>Convolution blocks with pooling and a dense head.</summary>
    [JsonStringEnumMemberName("cnn")] Cnn,
    /// <summary>Residual blocks with skip connections and batch norm.</summary>
    [JsonStringEnumMemberName("resnet")] ResNet,
}

/// <summary>Non-linearity between layers.</summary>
public enum ActivationKind
{
    /// <summary>max(0, x).</summary>
    [JsonStringEnumMemberName("relu")] Relu,
    /// <summary>x for x &gt; 0, 0.01·x otherwise.</summary>
    [JsonStringEnumMemberName("leaky_relu")] LeakyRelu,
    /// <summary>Exponential linear unit.</summary>
    [JsonStringEnumMemberName("elu")] Elu,
    /// <summary>Scaled exponential linear unit.</summary>
    [JsonStringEnumMemberName("selu")] Selu,
    /// <summary>Gaussian error linear unit.</summary>
    [JsonStringEnumMemberName("gelu")] Gelu,
    /// <summary>Hyperbolic tangent.</summary>
    [JsonStringEnumMemberName("tanh")] Tanh,
    /// <summary>Logistic sigmoid.</summary>
    [JsonStringEnumMemberName("sigmoid")] Sigmoid,
}

/// <summary>How weights are initialised.</summary>
public enum InitKind
{
    /// <summary>Kaiming normal, suited to ReLU-family activations.</summary>
    [JsonStringEnumMemberName("he")] He,
    /// <summary>Glorot normal, suited to tanh and sigmoid.</summary>
    [JsonStringEnumMemberName("xavier")] Xavier,
    /// <summary>LeCun normal (std = 1/sqrt(fan_in)), suited to SELU.</summary>
    [JsonStringEnumMemberName("lecun")] LeCun,
    /// <summary>Normal with mean 0 and std <c>initStd</c>.</summary>
    [JsonStringEnumMemberName("normal")] Normal,
    /// <summary>Uniform in [-initStd, initStd].</summary>
    [JsonStringEnumMemberName("uniform")] Uniform,
    /// <summary>Every weight equal to <c>initValue</c>.</summary>
    [JsonStringEnumMemberName("constant")] Constant,
}

/// <summary>The optimizer that applies gradients.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent.</summary>
    [JsonStringEnumMemberName("sgd")] Sgd,
    /// <summary>SGD with heavy-ball momentum.</summary>
    [JsonStringEnumMemberName("momentum")] Momentum,
    /// <summary>SGD with Nesterov momentum.</summary>
    [JsonStringEnumMemberName("nesterov")] Nesterov,
    /// <summary>Adam.</summary>
    [JsonStringEnumMemberName("adam")] Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    [JsonStringEnumMemberName("adamw")] AdamW,
    /// <summary>RMSprop.</summary>
    [JsonStringEnumMemberName("rmsprop")] RmsProp,
    /// <summary>Adadelta.</summary>
    [JsonStringEnumMemberName("adadelta")] Adadelta,
    /// <summary>Adagrad.</summary>
    [JsonStringEnumMemberName("adagrad")] Adagrad,
}

/// <summary>How the learning rate changes during training.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate throughout.</summary>
    [JsonStringEnumMemberName("constant")] Constant,
    /// <summary>Multiply by <c>stepGamma</c> every <c>stepEpochs</c> epochs.</summary>
    [JsonStringEnumMemberName("step")] Step,
    /// <summary>Cosine annealing to zero over the run.</summary>
    [JsonStringEnumMemberName("cosine")] Cosine,
    /// <summary>Smith's one-cycle policy: warm up to the rate, then anneal.</summary>
    [JsonStringEnumMemberName("onecycle")] OneCycle,
}

/// <summary>Gradient clipping mode.</summary>
public enum ClipMode
{
    /// <summary>No clipping.</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>Clamp each gradient element to [-threshold, threshold].</summary>
    [JsonStringEnumMemberName("value")] Value,
    /// <summary>Rescale all gradients so their global L2 norm is at most threshold.</summary>
    [JsonStringEnumMemberName("norm")] Norm,
}

/// <summary>How a study proposes the next configuration.</summary>
public enum SamplerKind
{
    /// <summary>The Gaussian process for the first trials, then TPE: the best of the two for the budget.</summary>
    [JsonStringEnumMemberName("auto")] Auto,
    /// <summary>Multivariate tree-structured Parzen estimator (Optuna's default).</summary>
    [JsonStringEnumMemberName("tpe")] Tpe,
    /// <summary>Gaussian process with expected improvement.</summary>
    [JsonStringEnumMemberName("gp")] Gp,
    /// <summary>Uniform random sampling.</summary>
    [JsonStringEnumMemberName("random")] Random,
    /// <summary>A grid over the space, each point once.</summary>
    [JsonStringEnumMemberName("grid")] Grid,
}

/// <summary>Whether the objective is better when lower or when higher.</summary>
public enum ObjectiveDirection
{
    /// <summary>Lower is better (losses).</summary>
    [JsonStringEnumMemberName("minimize")] Minimize,
    /// <summary>Higher is better (accuracies).</summary>
    [JsonStringEnumMemberName("maximize")] Maximize,
}
