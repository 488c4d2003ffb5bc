using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Pruners;
using TuneWise.Search.Samplers;
using TuneWise.Search.Storage;
using TuneWise.Search.Studies;

namespace TuneWise.Search.Tuning;

/// <summary>
/// The study policy of <c>tunewise tune</c>: preflight, a range test per optimizer (stored and
/// reused on resume), then a sweep with the experiment's sampler, pruners and budget, recording
/// every outcome with its health; optionally the best configuration retrained and tested. It trains
/// nothing itself: an <see cref="ITrialRunner"/> does, so the policy is tested without TorchSharp.
/// Several processes may run the same job on one study; they share its trials, range tests and budget.
/// </summary>
public sealed class TuningJob
{
    private readonly Experiment _experiment;
    private readonly ITrialRunner _runner;
    private readonly IStudyStorage _storage;
    private readonly TuningJobOptions _options;
    private readonly ITuningObserver _observer;
    private readonly Objective _objective;

    /// <summary>Creates the job on an opened study storage.</summary>
    public TuningJob(Experiment experiment, ITrialRunner runner, IStudyStorage storage, TuningJobOptions? options = null)
    {
        _experiment = experiment;
        _runner = runner;
        _storage = storage;
        _options = options ?? new TuningJobOptions();
        _observer = _options.Observer ?? new NoObserver();
        _objective = Objective.For(experiment);
    }

    /// <summary>Runs the job until its budget is used up or <paramref name="cancellation"/> is requested.</summary>
    /// <exception cref="TuningStoppedException">A fatal preflight finding, or a range test that found no usable rate.</exception>
    public TuningSummary Run(CancellationToken cancellation = default)
    {
        long started = _options.Clock.GetTimestamp();
        var sampler = _options.Sampler ?? SamplerFactory.From(_experiment.Search.Sampler, _experiment.Seed, _experiment.Search.Budget.Trials);
        ThrowIfUnsearchable(sampler, SearchSpaceParser.Parse(_experiment.Search.Space, customTrainer: _experiment.Search.CustomTrainer));
        _observer.OnPhase(TuningPhase.Preflight);
        var findings = _runner.Preflight(_experiment, cancellation);
        _storage.SaveAttribute(StudyAttributes.Preflight, StoredJson.Write(findings));
        if (_runner.ValidationSamples is { } validation) _storage.SaveAttribute(StudyAttributes.ValidationSamples, StoredJson.Write(validation));
        if (_runner.ClassCount is { } classes) _storage.SaveAttribute(StudyAttributes.ClassCount, StoredJson.Write(classes));
        if (findings.FirstOrDefault(f => f.Severity == Severity.Fatal) is { } fatal)
            throw new TuningStoppedException($"preflight: {fatal.Code}: {fatal.Message}");

        _observer.OnPhase(TuningPhase.RangeTest);
        var rangeTests = EnsureRangeTests(cancellation);
        var space = TunedSpace.Build(_experiment, rangeTests);
        ThrowIfUnsearchable(sampler, space);
        if (_experiment.Search.OwnConfigurationFirst && !_experiment.Search.CustomTrainer && TunableParameters.OwnConfiguration(_experiment, space) is { } own)
            sampler = new OwnConfigurationFirst(sampler, own);

        _observer.OnPhase(TuningPhase.Sweep);
        _observer.OnSampler(SamplerFactory.Describe(sampler is OwnConfigurationFirst first ? first.Then : sampler) + (sampler is OwnConfigurationFirst ? "; the experiment's own configuration first" : ""));
        var budget = new TuningBudget(_experiment.Search.Budget, _storage, _options.Clock);
        var (healthPruner, fromExperiment) = PrunerFactory.From(_experiment.Search.Pruner, _objective);
        var scorePruner = _options.Pruner ?? fromExperiment;
        var study = new Study(_storage, space, sampler, scorePruner, new StudyOptions
        {
            Seed = _experiment.Seed,
            Worker = _options.Worker,
            HeartbeatInterval = _options.HeartbeatInterval,
            HeartbeatTimeout = _options.HeartbeatTimeout,
            MaxFailuresInARow = _experiment.Search.Budget.MaxFailuresInARow,
            Objective = _objective,
        });
        long lastReport = _options.Clock.GetTimestamp();
        try
        {
            RunSweep();
        }
        catch (StudyFailingException)
        {
            // The failed trials are the report's "what went wrong": write it before stopping.
            if (_options.Lead) WriteReport();
            throw;
        }

        void RunSweep() => study.Run(claimed => RunTrial(claimed, study, healthPruner, scorePruner, budget, rangeTests, cancellation), budget.Trials,
            mayStart: () => budget.Exhausted() is null,
            onFinished: trial =>
            {
                _observer.OnTrialFinished(trial);
                if (_options.Clock.GetElapsedTime(lastReport) >= _options.ReportInterval)
                {
                    WriteReport();
                    lastReport = _options.Clock.GetTimestamp();
                }
            },
            cancellation: cancellation);

        _options.AfterSweep?.Invoke();
        string endedBy = cancellation.IsCancellationRequested ? "cancelled" : budget.Exhausted() ?? "trials";
        var summary = new StudyReader(_experiment, _storage).Summary(endedBy: endedBy, elapsed: _options.Clock.GetElapsedTime(started));
        if (_options.Lead && !cancellation.IsCancellationRequested && _experiment.Search.Retrain && summary.Best is { } best)
        {
            _observer.OnPhase(TuningPhase.Retrain);
            if (_runner.RetrainAndTest(summary.BestExperiment!, cancellation) is { } test)
            {
                _storage.SaveAttribute(StudyAttributes.Retrain, StoredJson.Write(new RetrainResult(best.Record.Number, test)));
                summary = summary with { Test = test };
            }
        }
        if (_options.Lead) WriteReport();
        _observer.OnPhase(TuningPhase.Done);
        return summary;
    }

    private Dictionary<string, LrRangeTestResult> EnsureRangeTests(CancellationToken cancellation)
    {
        var results = new Dictionary<string, LrRangeTestResult>();
        foreach (var optimizer in TunedSpace.OptimizersToTest(_experiment))
        {
            bool reused = _storage.RangeTests().ContainsKey(optimizer);
            if (!reused)
            {
                var configuration = TunableParameters.Apply(_experiment, new Dictionary<string, object> { ["optimizer"] = optimizer });
                var result = _runner.RangeTest(configuration, cancellation)
                    ?? throw new TuningStoppedException($"search.space.learningRate is \"auto\", but this trainer has no learning rate to test ({optimizer})");
                // The first result stored wins: workers that tested at the same moment all use the same range.
                _storage.SaveRangeTest(optimizer, StoredJson.Write(result));
            }
            results[optimizer] = StoredJson.Read<LrRangeTestResult>(_storage.RangeTests()[optimizer]);
            _observer.OnRangeTest(results[optimizer], reused);
        }
        return results;
    }

    private TrialOutcome RunTrial(StoredTrial claimed, Study study, HealthPruner? healthPruner, IPruner? scorePruner, TuningBudget budget,
        IReadOnlyDictionary<string, LrRangeTestResult> rangeTests, CancellationToken cancellation)
    {
        int number = claimed.Record.Number;
        var configuration = StudyReader.Configuration(_experiment, claimed with { Seed = claimed.Seed ?? study.TrialSeed(number) });
        _observer.OnTrialStarted(claimed, configuration);
        var weights = _options.WeightsFolder is null ? null : Path.Combine(_options.WeightsFolder, $"trial-{number:D4}.weights");
        var checkpoint = _options.CheckpointFolder is null ? null : Path.Combine(_options.CheckpointFolder, $"trial-{number:D4}");
        // Where this optimizer's loss diverged in the range test: the trial's fixes stay below it.
        double? ceiling = rangeTests.TryGetValue(ExperimentLoader.NameOf(configuration.Training.Optimizer), out var test) ? test.DivergedAt : null;
        var session = new TrialSession(number, claimed.Record.Parameters, study, _storage, _objective, healthPruner, scorePruner, budget, _observer, weights, checkpoint, ceiling, cancellation);
        return _runner.Run(configuration, session);
    }

    private void WriteReport()
    {
        _options.Report?.Write(_storage, _experiment, TuningResults.ReportPath(_experiment));
    }

    // A grid too large to hold is refused before any work (the space as written) and again once the
    // range tests have added their learning-rate dimensions.
    private static void ThrowIfUnsearchable(ISampler sampler, SearchSpace space)
    {
        if (sampler is GridSampler grid && grid.TooLarge(space) is { } message) throw new TuningStoppedException(message);
    }

    private sealed class NoObserver : ITuningObserver;
}
