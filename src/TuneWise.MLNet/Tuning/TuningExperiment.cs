using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Models.Tuning;
using TuneWise.Reports;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;
using TuneWise.Storage.Sqlite;

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// A tuning run for ML.NET users, shaped like AutoML's <c>AutoMLExperiment</c>: set the data, the
/// trainer (TuneWise's neural network, or any ML.NET estimator from a factory), the metric, the
/// search space, sampler, pruners and budget, the storage and the report, then
/// <see cref="RunAsync"/>. The study is TuneWise's: a range test when the learning rate is "auto",
/// health pruning of neural trials, resumable storage (SQLite or PostgreSQL), and the HTML report.
/// </summary>
public sealed class TuningExperiment
{
    private readonly MLContext _ml;
    private string _name = "ml.net-study";
    private int _seed = new Experiment().Seed;
    private IDataView? _train, _validation;
    private double _validationFraction = new DataSection().ValidationFraction;
    private int? _folds;
    private IEstimator<ITransformer>? _featurizer;
    private PredictionKind? _kind;
    private NeuralNetworkOptions? _neural;
    private EstimatorFactory? _factory;
    private string _labelColumn = "Label";
    private TuningMetric? _metric;
    private SearchSpaceBuilder _space = new();
    // A mistake in the space is told with every other mistake when the experiment runs.
    private string? _spaceError;
    private SamplerKind _sampler = new SearchSection().Sampler;
    private PrunerSection _pruners = new();
    private Search.Samplers.ISampler? _samplerObject;
    private Search.Pruners.IPruner? _prunerObject;
    private BudgetSection _budget = new();
    // Null keeps the study in memory.
    private IStudyStore? _store;
    private string? _reportPath;
    private bool _report = true;
    private ITuningMonitor? _monitor;

    /// <summary>Creates a tuning run in <paramref name="context"/>.</summary>
    public TuningExperiment(MLContext context) => _ml = context;

    /// <summary>The study's name (in the store and the report). Default <c>ml.net-study</c>.</summary>
    public TuningExperiment SetName(string name) { _name = name; return this; }

    /// <summary>Seed of the split, the sampler and the trials. Default 42.</summary>
    public TuningExperiment SetSeed(int seed) { _seed = seed; return this; }

    /// <summary>Trains every trial on <paramref name="train"/> and scores it on <paramref name="validation"/>.</summary>
    public TuningExperiment SetDataset(IDataView train, IDataView validation) { (_train, _validation, _folds) = (train, validation, null); return this; }

    /// <summary>
    /// Scores every trial by <paramref name="folds"/>-fold cross-validation of <paramref name="data"/>
    /// (seeded), as AutoML's <c>SetDataset(data, fold)</c>: the trial's metric is the mean over the
    /// folds, and the returned model is trained on all of the data. For <see cref="SetTrainer"/>'s
    /// estimators; the neural trainer is pruned epoch by epoch on one validation split.
    /// </summary>
    public TuningExperiment SetDataset(IDataView data, int folds)
    {
        (_train, _validation, _folds) = (data, null, folds);
        return this;
    }

    /// <summary>Holds out <paramref name="validationFraction"/> of <paramref name="data"/> (seeded) to score the trials on.</summary>
    public TuningExperiment SetDataset(IDataView data, double validationFraction = 0.1)
    {
        (_train, _validation, _validationFraction, _folds) = (data, null, validationFraction, null);
        return this;
    }

    /// <summary>A featurisation pipeline fitted once on the training data; the returned model is it followed by the tuned trainer.</summary>
    public TuningExperiment SetFeaturizer(IEstimator<ITransformer> featurizer) { _featurizer = featurizer; return this; }

    /// <summary>Tunes TuneWise's neural network; <paramref name="options"/> gives the columns and the values of everything not searched.</summary>
    public TuningExperiment SetNeuralNetwork(PredictionKind kind, NeuralNetworkOptions? options = null)
    {
        (_kind, _neural, _factory) = (kind, options ?? new NeuralNetworkOptions(), null);
        _labelColumn = _neural.LabelColumnName;
        return this;
    }

    /// <summary>Tunes an ML.NET estimator (LightGBM, FastTree, SDCA, L-BFGS…) that <paramref name="factory"/> makes from each trial's parameters.</summary>
    public TuningExperiment SetTrainer(PredictionKind kind, EstimatorFactory factory, string labelColumnName = "Label")
    {
        (_kind, _neural, _factory, _labelColumn) = (kind, null, factory, labelColumnName);
        return this;
    }

    /// <summary>The metric to optimise, by ML.NET's evaluators' definitions. Default: macro accuracy, AUC or R². The neural trainer computes it on the validation data after every epoch, so pruning sees it.</summary>
    public TuningExperiment SetMetric(TuningMetric metric) { _metric = metric; return this; }

    /// <summary>
    /// The parameters to search, with the kinds of an experiment file's <c>search.space</c> (<c>Float</c>,
    /// log or not, <c>Int</c>, <c>PowerOfTwo</c>, <c>Categorical</c>, and <c>AutoLearningRate</c> for the
    /// neural trainer's rate from its range test). A mistake in it is told, with every other mistake
    /// in the calls, when the experiment runs.
    /// </summary>
    public TuningExperiment SetSearchSpace(Action<SearchSpaceBuilder> build)
    {
        (_space, _spaceError) = (new SearchSpaceBuilder(), null);
        try
        {
            build(_space);
        }
        catch (SearchSpaceException e)
        {
            _spaceError = "SetSearchSpace: " + e.Message;
        }
        return this;
    }

    /// <summary>The sampler: auto (default: the Gaussian process for the first 100 trials, then TPE), tpe, gp, random or grid.</summary>
    public TuningExperiment SetSampler(SamplerKind sampler) { _sampler = sampler; return this; }

    /// <summary>
    /// A sampler object of your own (or a built-in one with settings of your choosing) instead of a
    /// named one: it proposes every trial (after the own configuration, when that comes first).
    /// </summary>
    public TuningExperiment SetSampler(Search.Samplers.ISampler sampler) { _samplerObject = sampler; return this; }

    /// <summary>The pruners (default: health and ASHA). Health pruning applies to neural trials only.</summary>
    public TuningExperiment SetPruners(PrunerSection pruners) { _pruners = pruners; return this; }

    /// <summary>
    /// A pruner object of your own, judged after every epoch (or every fold of an estimator), in place
    /// of the score pruners <see cref="SetPruners"/> names; the health pruner stays as set there.
    /// </summary>
    public TuningExperiment SetPruner(Search.Pruners.IPruner pruner) { _prunerObject = pruner; return this; }

    /// <summary>
    /// The budget: trials, and optionally minutes and total epochs; the first reached ends the run.
    /// <paramref name="maxFailuresInARow"/> failed trials in a row end it with the last error (default 10).
    /// </summary>
    public TuningExperiment SetBudget(int trials, double? minutes = null, int? epochs = null, int maxFailuresInARow = BudgetSection.DefaultMaxFailuresInARow)
    {
        _budget = new BudgetSection { Trials = trials, Minutes = minutes, Epochs = epochs, MaxFailuresInARow = maxFailuresInARow };
        return this;
    }

    /// <summary>A time budget in seconds, as AutoML's <c>SetTrainingTimeInSeconds</c>: no trial starts after it, running ones finish.</summary>
    public TuningExperiment SetTrainingTimeInSeconds(uint seconds)
    {
        _budget = _budget with { Minutes = seconds / 60.0 };
        return this;
    }

    /// <summary>Told about every trial as it starts and ends, and about each new best (AutoML's <c>IMonitor</c>).</summary>
    public TuningExperiment SetMonitor(ITuningMonitor monitor) { _monitor = monitor; return this; }

    /// <summary>Keeps the study in a SQLite file: run again with the same settings to resume it. Default: in memory.</summary>
    public TuningExperiment SetStorage(string path) => SetStorage(new SqliteStudyStore(path));

    /// <summary>
    /// Keeps the study in <paramref name="store"/>: run again with the same settings to resume it. For
    /// a study shared with other machines, add the <c>TuneWise.Storage.Postgres</c> package and pass
    /// <c>new PostgresStudyStore(connectionString)</c>.
    /// </summary>
    public TuningExperiment SetStorage(IStudyStore store) { _store = store; return this; }

    /// <summary>Where the HTML report goes; null writes none. Default <c>&lt;name&gt;.html</c> in the working folder.</summary>
    public TuningExperiment SetReport(string? path) { (_reportPath, _report) = (path, path is not null); return this; }

    /// <summary>
    /// Runs the study until its budget is used up and returns the best configuration trained again,
    /// with its parameters and the study. A study in a file is resumed where it stopped.
    /// </summary>
    /// <param name="progress">Told about phases, trials and epochs; an event about a trial can skip it.</param>
    /// <param name="cancellation">
    /// Stops the run, as AutoML's experiment does: trials in flight go back to the study, which stays
    /// resumable, and the best trial so far is trained again and returned (<see cref="TuningResult.Cancelled"/>).
    /// </param>
    /// <exception cref="OperationCanceledException">The run was cancelled before any trial completed.</exception>
    /// <exception cref="InvalidOperationException">The run is not set up, or no trial completed.</exception>
    /// <exception cref="StudyMismatchException">The storage holds this study with other data, another trainer or other settings.</exception>
    /// <exception cref="TuneWise.Search.Studies.StudyFailingException">The last trials all failed (see <see cref="SetBudget"/>).</exception>
    public Task<TuningResult> RunAsync(Action<TuningProgress>? progress = null, CancellationToken cancellation = default) =>
        Task.Run(() => Run(progress, cancellation), cancellation);

    private TuningResult Run(Action<TuningProgress>? progress, CancellationToken cancellation)
    {
        var kind = _kind ?? throw new InvalidOperationException("no trainer: call SetNeuralNetwork or SetTrainer");
        if (_folds is { } folds && (folds < 2 || _neural is not null))
            throw new InvalidOperationException(folds < 2 ? $"SetDataset's folds must be at least 2, got {folds}"
                : "cross-validation folds are for SetTrainer's estimators: the neural trainer is pruned epoch by epoch on one validation split; use SetDataset(data, validationFraction) or SetDataset(train, validation)");
        var (train, validation) = Views();
        ITransformer? featurizer = _featurizer?.Fit(train);
        if (featurizer is not null) (train, validation) = (featurizer.Transform(train), featurizer.Transform(validation));

        var metric = _metric ?? TuningMetric.DefaultFor(kind);
        if (metric.Kind != kind && !(metric.Name == nameof(TuningMetric.LogLoss) && kind == PredictionKind.Binary))
            throw new InvalidOperationException($"metric {metric.Name} is a {metric.Kind} metric, but the trainer predicts {kind}");
        // Cross-validation: the featurizer is fitted once on all of the data, then the folds are drawn.
        var folded = _folds is { } k ? _ml.Data.CrossValidationSplit(train, k, seed: _seed).Select(f => (f.TrainSet, f.TestSet)).ToList() : null;
        var experiment = Experiment(kind, metric, folded is null ? StudyIdentity.Of(train, validation) : StudyIdentity.Of(train, folded.Count));
        // The experiment file's rules, in the calls' names: a bad range or budget is refused before any work.
        var mistakes = ExperimentValidator.Validate(experiment).Select(e => TuningNames.Translate(e.ToString())).Prepend(_spaceError).OfType<string>().ToList();
        if (mistakes.Count > 0) throw new ArgumentException(string.Join("; ", mistakes));
        var neuralTrainer = _neural is null ? null : new NeuralNetworkTrainer(TrainingContext.Of(_ml), kind, _neural);
        var data = neuralTrainer?.Prepare(experiment, train, validation);

        using var storage = OpenStorage(experiment);
        var skips = new TrialSkips();
        ITrialRunner runner = data is not null ? new TorchTrialRunner(experiment, data) : new EstimatorTrialRunner(_factory!, folded ?? [(train, validation)], kind, _labelColumn, _seed);
        List<ITuningObserver> observers = [];
        if (progress is not null) observers.Add(new ProgressObserver(progress, skips));
        if (_monitor is not null) observers.Add(new MonitorObserver(_monitor, Objective.For(experiment), storage.Trials(withHealthSeries: false)));
        var job = new TuningJob(experiment, skips.Wrap(runner), storage, new TuningJobOptions
        {
            Observer = observers.Count == 0 ? null : new ObserverList(observers),
            Report = _report ? new HtmlReportWriter() : null,
            Sampler = _samplerObject,
            Pruner = _prunerObject,
        });
        var summary = job.Run(cancellation);
        // Cancelled: the best trial so far is the answer, as AutoML gives it; none yet is a cancellation.
        if (summary.Best is null) cancellation.ThrowIfCancellationRequested();
        var best = summary.Best ?? throw new InvalidOperationException(
            $"no trial of study '{_name}' completed ({summary.Trials.Count} trials: {string.Join(", ", summary.Trials.GroupBy(t => t.Record.State).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))})");

        var parameters = new TrialParameters(best.Record.Number, best.Record.Parameters);
        ITransformer model;
        if (neuralTrainer is not null)
        {
            // The best trial's configuration and seed on the same split: the trial's model, trained again.
            var configuration = summary.BestExperiment!;
            var options = _neural!.Copy();
            options.Preflight = false;
            model = new NeuralNetworkTrainer(TrainingContext.Of(_ml), kind, options).Fit(configuration, data!, train);
        }
        else
            model = _factory!(new MLContext(best.Seed ?? _seed), parameters).Fit(train);
        // With folds, the validation metrics are the best configuration's mean over the folds, as the trial scored it.
        var metrics = folded is null ? TuningMetric.Evaluate(_ml, kind, model.Transform(validation), _labelColumn)
            : TuningMetric.Mean(folded.Select(f => TuningMetric.Evaluate(_ml, kind, _factory!(new MLContext(best.Seed ?? _seed), parameters).Fit(f.TrainSet).Transform(f.TestSet), _labelColumn)));
        return new TuningResult
        {
            Model = featurizer is null ? model : new TransformerChain<ITransformer>(featurizer, model),
            TrainerModel = model,
            Parameters = parameters,
            ValidationMetrics = metrics,
            Study = summary,
            ReportPath = _report ? TuningResults.ReportPath(experiment) : null,
            Cancelled = cancellation.IsCancellationRequested,
            Trials = [.. summary.Trials.Select(t => TrialResult.From(t, Objective.For(experiment))).OrderBy(t => t.Number)],
        };
    }

    private (IDataView Train, IDataView Validation) Views()
    {
        var train = _train ?? throw new InvalidOperationException("no data: call SetDataset");
        if (_validation is { } validation) return (train, validation);
        if (_folds is not null) return (train, train);   // folds are drawn after featurisation
        if (!(_validationFraction is > 0 and < 1)) throw new InvalidOperationException($"the validation fraction must be in (0, 1), got {_validationFraction}");
        var split = _ml.Data.TrainTestSplit(train, _validationFraction, seed: _seed);
        return (split.TrainSet, split.TestSet);
    }

    private Experiment Experiment(PredictionKind kind, TuningMetric metric, string dataFingerprint)
    {
        var baseExperiment = _neural is null ? new NeuralNetworkOptions().ToExperiment(kind.Task(), _seed)
            : new NeuralNetworkTrainer(TrainingContext.Of(_ml), kind, _neural).Experiment(_seed);
        return baseExperiment with
        {
            Name = _name,
            Seed = _seed,
            Data = baseExperiment.Data with { Fingerprint = dataFingerprint },
            Search = new SearchSection
            {
                Sampler = _sampler,
                Space = _space.Spec(),
                Pruner = _neural is null ? _pruners with { Health = null } : _pruners,
                Objective = new ObjectiveSection { Metric = _neural is null ? metric.Name : metric.NeuralMetric, Direction = metric.Direction },
                Budget = _budget,
                CustomTrainer = _neural is null,
                Trainer = _factory is null ? null : StudyIdentity.Of(_factory, kind, _labelColumn),
            },
            Storage = _store?.Section ?? new StorageSection(),
            Report = new ReportSection { Path = _reportPath },
        };
    }

    private IStudyStorage OpenStorage(Experiment experiment)
    {
        if (_store is not null)
        {
            try { return StudyStorageFactory.Open(_store, experiment); }
            catch (StudyMismatchException e) { throw new StudyMismatchException(TuningNames.Translate(e.Message)); }
        }
        var storage = new InMemoryStudyStorage();
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
        return storage;
    }
}
