using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.MLNet.Onnx;
using TuneWise.MLNet.Scoring;
using TuneWise.MLNet.Data;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Health.Preflight;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>
/// Trains a TorchSharp network of TuneWise's model zoo inside an ML.NET pipeline, watched by the
/// health monitor. Made by <c>NeuralNetwork(options)</c> in the multiclass, binary and regression
/// trainer catalogs.
/// </summary>
public sealed class NeuralNetworkTrainer : IEstimator<NeuralNetworkModel>
{
    private readonly PredictionKind _kind;
    private readonly TrainingContext _context;

    /// <summary>Creates the trainer for one kind of prediction in <paramref name="context"/> (its seed and log).</summary>
    public NeuralNetworkTrainer(MLContext context, PredictionKind kind, NeuralNetworkOptions? options = null)
        : this(TrainingContext.Of(context), kind, options) { }

    internal NeuralNetworkTrainer(TrainingContext context, PredictionKind kind, NeuralNetworkOptions? options)
    {
        _context = context;
        _kind = kind;
        Options = options ?? new NeuralNetworkOptions();
    }

    /// <summary>The settings this trainer trains with.</summary>
    public NeuralNetworkOptions Options { get; }

    /// <summary>The kind of prediction.</summary>
    public PredictionKind Kind => _kind;

    /// <summary>Trains on <paramref name="input"/>, holding out <see cref="NeuralNetworkOptions.ValidationFraction"/> of it to evaluate each epoch.</summary>
    /// <exception cref="UnhealthyTrainingException">A fatal health finding stopped training (see <see cref="NeuralNetworkOptions.StopOnFatal"/>).</exception>
    public NeuralNetworkModel Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains on <paramref name="trainData"/> and evaluates each epoch on <paramref name="validationData"/>.</summary>
    /// <exception cref="UnhealthyTrainingException">A fatal health finding stopped training (see <see cref="NeuralNetworkOptions.StopOnFatal"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named with the rule it breaks), or a column is missing or of the wrong type.</exception>
    public NeuralNetworkModel Fit(IDataView trainData, IDataView? validationData)
    {
        var experiment = Experiment(_context.Seed(Options.Seed));
        return Fit(experiment, Prepare(experiment, trainData, validationData), trainData);
    }

    /// <summary>
    /// The experiment the options describe, trained with <paramref name="seed"/>, checked by the
    /// experiment file's rules and refused in the options' own names.
    /// </summary>
    internal Experiment Experiment(int seed)
    {
        var experiment = Options.ToExperiment(_kind.Task(), seed);
        var errors = ExperimentValidator.Validate(experiment);
        if (errors.Count > 0)
            throw new ArgumentOutOfRangeException(nameof(Options), string.Join("; ", errors.Select(e => $"{nameof(NeuralNetworkOptions)}.{OptionNames.Of(e.Path)} {OptionNames.Translate(e.Message)}")));
        return experiment;
    }

    /// <summary>Checks the views and prepares them as the experiment's data section says (split when there is no validation view, scaled).</summary>
    internal TrainingData Prepare(Experiment experiment, IDataView trainData, IDataView? validationData)
    {
        Check(trainData.Schema);
        if (validationData is not null) Check(validationData.Schema);
        return ExperimentData.Prepare(Load(trainData), validationData is null ? null : Load(validationData), null, experiment.Data, experiment.Seed);
    }

    /// <summary>Trains <paramref name="experiment"/> on prepared data and makes the ML.NET model, fitted on <paramref name="trainData"/>'s schema.</summary>
    internal NeuralNetworkModel Fit(Experiment experiment, TrainingData data, IDataView trainData)
    {
        var run = Train(experiment, data);
        var label = trainData.Schema[Options.LabelColumnName];
        var signature = new NetworkSignature(Options.FeatureColumnName, data.SampleShape, experiment.Data.Task, data.Train.ClassCount, data.FeatureScaling, data.TargetScaling);
        byte[] onnx;
        using (run.Model)
        {
            run.Model.to(torch.CPU);   // the export reads the weights on the CPU, whatever the training device
            onnx = NetworkExport.ToOnnx(run.Model, signature);
        }
        var scorer = ScoringPipeline.Fit(new MLContext(experiment.Seed), onnx, signature, label, trainData);
        var features = trainData.Schema[Options.FeatureColumnName];
        return new NeuralNetworkModel(scorer, new NeuralNetworkParameters(onnx, run.Verdicts, run.Result), features.Name, features.Type);
    }

    /// <summary>Checks the input columns and describes the output columns, as ML.NET's trainers do.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        Check(inputSchema.Select(c => new ColumnShape(c.Name, c.IsKey, c.Kind == SchemaShape.Column.VectorKind.Scalar,
            c.Kind == SchemaShape.Column.VectorKind.Vector, c.ItemType)).ToList());
        // ML.NET keeps its schema-shape constructors internal, so the output columns are described by
        // ML.NET's own column estimators: a Single score like a Single label, a predicted label
        // like the label (a key with the label's values), class scores like the feature vector.
        var ml = new MLContext();
        string label = Options.LabelColumnName;
        IEstimator<ITransformer> shape = _kind switch
        {
            PredictionKind.Regression => ml.Transforms.Conversion.ConvertType(ScoringPipeline.Score, label, DataKind.Single),
            PredictionKind.Binary => ml.Transforms.Conversion.ConvertType(ScoringPipeline.Score, label, DataKind.Single)
                .Append(ml.Transforms.Conversion.ConvertType("Probability", label, DataKind.Single))
                .Append(ml.Transforms.CopyColumns(ScoringPipeline.PredictedLabel, label)),
            _ => ml.Transforms.CopyColumns(ScoringPipeline.Score, Options.FeatureColumnName)
                .Append(ml.Transforms.CopyColumns(ScoringPipeline.PredictedLabel, label)),
        };
        return shape.GetOutputSchema(inputSchema);
    }

    private void Check(DataViewSchema schema) =>
        Check(schema.Select(c => new ColumnShape(c.Name, c.Type is KeyDataViewType, c.Type is not VectorDataViewType,
            c.Type is VectorDataViewType { IsKnownSize: true }, c.Type is VectorDataViewType v ? v.ItemType : c.Type)).ToList());

    private void Check(IReadOnlyList<ColumnShape> columns)
    {
        var features = Find(columns, Options.FeatureColumnName, "feature");
        if (!features.KnownVector || features.ItemType != NumberDataViewType.Single)
            throw Mismatch("feature", features, "a vector of Single of known size (use Concatenate)");
        var label = Find(columns, Options.LabelColumnName, "label");
        bool fits = label.Scalar && _kind switch
        {
            PredictionKind.Multiclass => label.IsKey,
            PredictionKind.Binary => label.ItemType == BooleanDataViewType.Instance,
            _ => label.ItemType == NumberDataViewType.Single,
        };
        if (!fits)
            throw Mismatch("label", label, _kind switch
            {
                PredictionKind.Multiclass => "a key (use MapValueToKey)",
                PredictionKind.Binary => "Boolean",
                _ => "Single",
            });
    }

    private sealed record ColumnShape(string Name, bool IsKey, bool Scalar, bool KnownVector, DataViewType ItemType)
    {
        public string Describe() => $"{(Scalar ? "" : "a vector of ")}{(IsKey ? "a key of " : "")}{ItemType}";
    }

    private static ColumnShape Find(IReadOnlyList<ColumnShape> columns, string name, string role) =>
        columns.LastOrDefault(c => c.Name == name)
            ?? throw new ArgumentOutOfRangeException(nameof(columns), $"{role} column '{name}' not found (columns: {string.Join(", ", columns.Select(c => c.Name).Distinct())})");

    private static ArgumentOutOfRangeException Mismatch(string role, ColumnShape actual, string expected) =>
        new(nameof(actual), $"{role} column '{actual.Name}' must be {expected}, got {actual.Describe()}");

    /// <summary>Trains the experiment on prepared data: preflight, then training under the health monitor.</summary>
    internal TrainedNetwork Train(Experiment experiment, TrainingData data)
    {
        var trainer = new Trainer(experiment);
        var findings = Options.Preflight
            ? PreflightChecks.Run(new PreflightContext(experiment, data, () => trainer.BuildModel(data), HealthOptions.From(experiment.Health).Thresholds))
            : [];
        findings = [.. findings.Select(OptionNames.Translate)];
        _context.LogFindings(findings);
        if (findings.Any(f => f.Severity == Severity.Fatal)) throw new UnhealthyTrainingException(findings);
        using var monitor = new HealthMonitor(HealthOptions.From(experiment.Health) with { StopOnFatal = Options.StopOnFatal });
        List<ITrainingObserver> observers = [monitor, _context.EpochLog(experiment.Training.Epochs)];
        if (Options.Progress is { } progress) observers.Add(new EpochProgress(progress));
        var result = trainer.Train(data, observers);
        var health = monitor.Verdicts.Select(OptionNames.Translate).ToList();
        _context.LogFindings(health);
        var verdicts = findings.Concat(health).OrderByDescending(v => v.Severity).ToList();
        if (result.StopReason == StopReason.StoppedByObserver && Options.StopOnFatal)
        {
            trainer.Model?.Dispose();
            throw new UnhealthyTrainingException(verdicts);
        }
        return new TrainedNetwork(trainer.Model!, verdicts, result);
    }

    private Dataset Load(IDataView view)
    {
        var dataset = DataViewDataset.Load(view, Options.FeatureColumnName, Options.LabelColumnName, _kind.Task());
        if (Options.ImageShape is not { } shape) return dataset;
        if (shape.Aggregate(1, (a, b) => a * b) != dataset.FeatureCount)
            throw new ArgumentOutOfRangeException(nameof(Options), $"ImageShape [{string.Join(", ", shape)}] holds {shape.Aggregate(1, (a, b) => a * b)} values, but column '{Options.FeatureColumnName}' has {dataset.FeatureCount}");
        return new Dataset(dataset.Features, dataset.Targets, shape, dataset.Task, dataset.ClassCount, dataset.Source, dataset.FeatureNames, dataset.ClassNames);
    }

    private sealed class EpochProgress(IProgress<EpochMetrics> progress) : ITrainingObserver
    {
        public void OnEpochCompleted(EpochMetrics epoch) => progress.Report(epoch);
    }
}
