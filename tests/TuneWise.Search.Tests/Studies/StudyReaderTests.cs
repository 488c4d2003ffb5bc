using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Studies;

namespace TuneWise.Search.Tests.Studies;

public class StudyReaderTests
{
    private static readonly Experiment Experiment = ExperimentLoader.Parse("""
        { "name": "reader", "search": { "space": { "learningRate": { "log": [0.001, 0.1] } } } }
        """);

    private static InMemoryStudyStorage Study(params double[] accuracies)
    {
        var storage = new InMemoryStudyStorage();
        storage.Open(Experiment.Name, ExperimentLoader.ToJson(Experiment), ExperimentKey.Of(Experiment));
        var objective = Objective.For(Experiment);
        foreach (var (accuracy, i) in accuracies.Select((a, i) => (a, i)))
        {
            var trial = storage.Claim("w", 100, (_, _) => new Dictionary<string, object> { ["learningRate"] = 0.001 * (i + 1) })!;
            storage.Finish(trial.Record.Number, TrialState.Complete, objective.Score(accuracy));
        }
        return storage;
    }

    [Fact]
    public void The_summary_names_the_best_trial_as_a_ready_to_run_configuration()
    {
        var reader = new StudyReader(Experiment, Study(0.70, 0.90, 0.80));
        var summary = reader.Summary();
        Assert.Equal(1, summary.Best!.Record.Number);
        Assert.Equal(0.002, summary.BestExperiment!.Training.LearningRate, 12);
        Assert.Equal("status", summary.EndedBy);
    }

    [Fact]
    public void A_retrained_test_score_is_shown_only_for_the_trial_that_is_still_the_best()
    {
        var storage = Study(0.70, 0.90);
        storage.SaveAttribute(StudyAttributes.Retrain, """{ "trial": 1, "metrics": { "accuracy": 0.88 } }""");
        Assert.Equal(0.88, new StudyReader(Experiment, storage).Summary().Test!["accuracy"]);

        // A later trial beat the one retrained: its old test score says nothing about the new best.
        var better = storage.Claim("w", 100, (_, _) => new Dictionary<string, object> { ["learningRate"] = 0.05 })!;
        storage.Finish(better.Record.Number, TrialState.Complete, Objective.For(Experiment).Score(0.95));
        Assert.Null(new StudyReader(Experiment, storage).Summary().Test);
    }

    [Fact]
    public void What_the_job_recorded_is_read_back_and_a_damaged_or_absent_record_reads_as_none()
    {
        var storage = Study(0.5);
        var reader = new StudyReader(Experiment, storage);
        Assert.Equal((null, null, 0), (reader.ValidationSamples(), reader.ClassCount(), reader.Preflight().Count));

        storage.SaveAttribute(StudyAttributes.ValidationSamples, "1000");
        storage.SaveAttribute(StudyAttributes.ClassCount, "10");
        storage.SaveAttribute(StudyAttributes.Preflight, StoredJson.Write(new List<HealthVerdict>
        {
            new() { Code = "PF_LABEL_ERRORS", Severity = Severity.Warning, Step = 0, Message = "row 7" },
        }));
        Assert.Equal((1000, 10), (reader.ValidationSamples(), reader.ClassCount()));
        Assert.Equal("row 7", Assert.Single(reader.Preflight()).Message);

        storage.SaveAttribute(StudyAttributes.Preflight, "{ not json");
        storage.SaveAttribute(StudyAttributes.ClassCount, "1");
        Assert.Empty(reader.Preflight());
        Assert.Null(reader.ClassCount());
    }
}
