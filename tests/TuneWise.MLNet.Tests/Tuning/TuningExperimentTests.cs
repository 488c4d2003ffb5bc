using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;
using TuneWise.MLNet.Tuning;

namespace TuneWise.MLNet.Tests.Tuning;

public class TuningExperimentTests
{
    private static string TempFolder() => Directory.CreateTempSubdirectory("tunewise-mlnet-tuning").FullName;

    private static TuningExperiment NeuralColours(MLContext ml, string folder) => ml.CreateTuningExperiment()
        .SetName("colours")
        .SetDataset(SyntheticData.Colours(ml, 400, seed: 1), validationFraction: 0.25)
        .SetFeaturizer(ml.Transforms.Conversion.MapValueToKey("Label", "Colour")
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D"))
            .Append(ml.Transforms.NormalizeMinMax("Features")))
        .SetNeuralNetwork(PredictionKind.Multiclass, new NeuralNetworkOptions
        {
            HiddenLayers = [16],
            NumberOfEpochs = 4, BatchSize = 32,
        })
        .SetSearchSpace(s => s.Float("learningRate", 1e-5, 0.1, log: true).Categorical("optimizer", "adam", "sgd"))
        .SetBudget(trials: 6)
        .SetReport(Path.Combine(folder, "colours.html"));

    [Fact]
    public async Task Tuning_the_neural_trainer_returns_a_model_better_than_its_worst_trial_with_a_report()
    {
        var ml = new MLContext(1);
        var folder = TempFolder();
        var events = new List<TuningProgress>();
        var result = await NeuralColours(ml, folder).RunAsync(events.Add);

        var values = result.Study.Trials.Where(t => t.Record.State == TrialState.Complete).Select(t => result.Study.Objective.Value(t.Record.Value!.Value)).ToList();
        // ASHA prunes most of six trials; two complete ones are enough to tell the best from the worst.
        Assert.True(values.Count >= 2, $"{values.Count} complete trials: " + string.Join("; ", result.Study.Trials.Select(t => $"{t.Record.State} {t.Pruned?.Reason} {string.Join(",", t.Record.Parameters.Select(p => $"{p.Key}={p.Value}"))}")));
        double accuracy = result.ValidationMetrics["MicroAccuracy"];
        Assert.True(accuracy > values.Min() + 0.05, $"returned model {accuracy:F3}, worst trial {values.Min():F3} best {result.Study.BestValue}");
        // The returned model is the best trial trained again on the same split: the same accuracy.
        Assert.Equal(result.Study.BestValue!.Value, accuracy, 2);
        Assert.Equal(result.Study.Best!.Record.Parameters, result.Parameters.Values);
        Assert.IsType<NeuralNetworkModel>(result.TrainerModel);

        // The whole pipeline (featurizer + network) predicts the colour names.
        var scored = ml.Transforms.Conversion.MapKeyToValue("Predicted", "PredictedLabel").Fit(result.Model.Transform(SyntheticData.Colours(ml, 30, 3)))
            .Transform(result.Model.Transform(SyntheticData.Colours(ml, 30, 3)));
        Assert.All(scored.GetColumn<string>("Predicted"), p => Assert.Contains(p, new[] { "red", "green", "blue" }));

        Assert.Contains(events, e => e.Event == TuningEvent.Epoch && e.Metrics!.ContainsKey("validationAccuracy"));
        Assert.Equal(result.Study.Trials.Count, events.Count(e => e.Event == TuningEvent.TrialFinished));
        var html = File.ReadAllText(result.ReportPath!);
        Assert.Contains("colours", html);
        Assert.Contains("learningRate", html);
    }

    [Fact]
    public async Task A_trial_skipped_from_the_progress_callback_is_pruned_and_the_study_goes_on()
    {
        var ml = new MLContext(1);
        var result = await NeuralColours(ml, TempFolder()).SetReport(null).SetBudget(trials: 3).RunAsync(e =>
        {
            if (e.Event == TuningEvent.TrialStarted && e.Trial == 1) e.SkipTrial();
        });
        var skipped = result.Study.Trials.Single(t => t.Record.Number == 1);
        Assert.Equal(TrialState.Pruned, skipped.Record.State);
        Assert.Equal("skipped", skipped.Pruned!.Pruner);
        Assert.Equal(3, result.Study.Trials.Count(t => t.Record.State is TrialState.Complete or TrialState.Pruned));
        Assert.Null(result.ReportPath);
    }

    private static IEstimator<ITransformer> LightGbm(MLContext ml, TrialParameters p) => PriceLightGbm.Trainer(ml, p);

    private static TuningExperiment TunedLightGbm(MLContext ml, IDataView train, IDataView validation) => PriceLightGbm.Experiment(ml, train, validation);

    [Fact]
    public async Task Tuned_LightGBM_beats_its_defaults_on_a_small_data_set()
    {
        // 60 houses: LightGBM's defaults (leaves of at least 20 houses) cannot follow the price's curve.
        var ml = new MLContext(1);
        var train = SyntheticData.Prices(ml, 60, seed: 1);
        var validation = SyntheticData.Prices(ml, 300, seed: 2);
        var features = ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age");
        var defaults = features.Append(ml.Regression.Trainers.LightGbm(labelColumnName: "Price")).Fit(train);
        double defaultR2 = ml.Regression.Evaluate(defaults.Transform(validation), "Price").RSquared;

        var report = Path.Combine(TempFolder(), "prices.html");
        var result = await TunedLightGbm(ml, train, validation).SetBudget(trials: 25).SetReport(report).RunAsync();
        double tunedR2 = result.ValidationMetrics["RSquared"];
        Assert.True(tunedR2 > defaultR2 + 0.1, $"tuned R² {tunedR2:F3}, defaults {defaultR2:F3}");
        Assert.Equal(result.Study.BestValue!.Value, tunedR2, 6);
        Assert.All(result.Study.Trials, t => Assert.Null(t.HealthSeries));
        // The report of estimator trials: ranked by the ML.NET metric, with the factory's parameters.
        var html = File.ReadAllText(report);
        Assert.Contains("RSquared", html);
        Assert.Contains("numberOfLeaves", html);
    }

    [Fact]
    public async Task A_study_in_a_file_resumes_where_it_stopped()
    {
        var ml = new MLContext(1);
        var train = SyntheticData.Prices(ml, 60, seed: 1);
        var validation = SyntheticData.Prices(ml, 100, seed: 2);
        var path = Path.Combine(TempFolder(), "prices.db");
        var first = await TunedLightGbm(ml, train, validation).SetStorage(path).SetBudget(trials: 3).RunAsync();
        var second = await TunedLightGbm(ml, train, validation).SetStorage(path).SetBudget(trials: 5).RunAsync();

        Assert.Equal(3, first.Study.Trials.Count);
        Assert.Equal(5, second.Study.Trials.Count);
        foreach (var before in first.Study.Trials)
        {
            var after = second.Study.Trials.Single(t => t.Record.Number == before.Record.Number);
            Assert.Equal(before.Record.Parameters, after.Record.Parameters);
            Assert.Equal(before.Record.Value, after.Record.Value);
        }
    }

    [Fact]
    public async Task A_study_resumed_with_other_data_or_another_trainer_is_refused_naming_what_differs()
    {
        var ml = new MLContext(1);
        var train = SyntheticData.Prices(ml, 60, seed: 1);
        var validation = SyntheticData.Prices(ml, 100, seed: 2);
        var path = Path.Combine(TempFolder(), "prices.db");
        await TunedLightGbm(ml, train, validation).SetStorage(path).SetBudget(trials: 2).RunAsync();

        var otherData = await Assert.ThrowsAsync<TuneWise.Search.Storage.StudyMismatchException>(() =>
            TunedLightGbm(ml, SyntheticData.Prices(ml, 80, seed: 3), validation).SetStorage(path).SetBudget(trials: 3).RunAsync());
        Assert.Contains("the data (SetDataset", otherData.Message);
        Assert.DoesNotContain("data.fingerprint", otherData.Message);
        Assert.Contains("give SetStorage another file or SetName another name", otherData.Message);
        Assert.True(otherData.Message.Contains("60 + 100 rows", StringComparison.Ordinal), otherData.Message);
        Assert.Contains("80 + 100 rows", otherData.Message);

        var otherTrainer = await Assert.ThrowsAsync<TuneWise.Search.Storage.StudyMismatchException>(() =>
            TunedLightGbm(ml, train, validation).SetTrainer(PredictionKind.Regression, (context, p) => LightGbm(context, p), "Price")
                .SetStorage(path).SetBudget(trials: 3).RunAsync());
        Assert.Contains("the trainer (SetTrainer", otherTrainer.Message);
        Assert.DoesNotContain("search.trainer", otherTrainer.Message);
    }

    [Fact]
    public async Task A_failing_trial_does_not_end_the_study()
    {
        var ml = new MLContext(1);
        var result = await TunedLightGbm(ml, SyntheticData.Prices(ml, 60, 1), SyntheticData.Prices(ml, 60, 2))
            .SetTrainer(PredictionKind.Regression, (context, p) => p.Trial == 0 ? throw new InvalidOperationException("broken trainer") : LightGbm(context, p), "Price")
            .SetBudget(trials: 2).RunAsync();
        var failed = result.Study.Trials.Single(t => t.Record.Number == 0);
        Assert.Equal(TrialState.Failed, failed.Record.State);
        Assert.Contains("broken trainer", failed.Error);
        Assert.Equal(2, result.Study.Trials.Count(t => t.Record.State == TrialState.Complete));
    }

    [Fact]
    public async Task A_sampler_and_a_pruner_of_your_own_run_the_study()
    {
        var ml = new MLContext(1);
        var sampler = new AdamOnly();
        var result = await NeuralColours(ml, TempFolder()).SetReport(null)
            .SetSampler(sampler).SetPruner(new StopAfterTwoEpochs()).SetBudget(trials: 3).RunAsync();

        // Trial 0 is the trainer's own configuration; the sampler proposes the others, the pruner stops them.
        Assert.Equal(TrialState.Complete, result.Study.Trials.Single(t => t.Record.Number == 0).Record.State);
        var proposed = result.Study.Trials.Where(t => t.Record.Number > 0).ToList();
        Assert.Equal(2, proposed.Count);
        Assert.True(sampler.Calls >= 2);
        Assert.All(proposed, t => Assert.Equal("adam", t.Record.Parameters["optimizer"]));
        Assert.All(proposed, t => Assert.Equal(("mine", 2), (t.Pruned?.Pruner, t.Intermediate.Count)));
    }

    private sealed class AdamOnly : Search.Samplers.ISampler
    {
        public int Calls;

        public Dictionary<string, object> Propose(Core.Spaces.SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber)
        {
            Calls++;
            return space.Assign(p => p.Name == "optimizer" ? "adam" : p.FromUnit(0.6));
        }
    }

    private sealed class StopAfterTwoEpochs : Search.Pruners.IPruner
    {
        public PruneDecision? Check(Search.Pruners.TrialProgress trial, IReadOnlyList<Search.Pruners.TrialProgress> study) =>
            trial.Number > 0 && trial.LastStep >= 1 ? new PruneDecision("mine", "two epochs are enough here", trial.LastStep) : null;
    }
}
