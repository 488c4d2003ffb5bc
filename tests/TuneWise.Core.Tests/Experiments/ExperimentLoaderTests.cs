using TuneWise.Core.Experiments;

namespace TuneWise.Core.Tests.Experiments;

public class ExperimentLoaderTests
{
    private static InvalidExperimentException Invalid(string json) =>
        Assert.Throws<InvalidExperimentException>(() => ExperimentLoader.Parse(json, "test.json"));

    [Fact]
    public void An_empty_object_is_valid_and_every_field_has_its_documented_default()
    {
        var e = ExperimentLoader.Parse("{}");
        Assert.Equal(42, e.Seed);
        Assert.Equal(DataSourceKind.FashionMnist, e.Data.Kind);
        Assert.Equal(0.1, e.Data.ValidationFraction);
        Assert.Equal(NormalizeKind.Standardize, e.Data.Normalize);
        Assert.Equal(ModelKind.Mlp, e.Model.Kind);
        Assert.Equal([256, 128], e.Model.Hidden);
        Assert.Equal(OptimizerKind.Adam, e.Training.Optimizer);
        Assert.Equal(1e-3, e.Training.LearningRate);
        Assert.Equal(ClipMode.None, e.Training.Clip.Mode);
        Assert.Equal(100, e.Health.Cadence);
        Assert.Equal(1e-7, e.Search.LrRangeTest.Start);
    }

    [Fact]
    public void Snake_case_and_dashed_enum_values_are_read()
    {
        var e = ExperimentLoader.Parse("""
            { "data": { "kind": "fashion-mnist" }, "model": { "activation": "leaky_relu", "kind": "resnet" },
              "training": { "schedule": "onecycle", "optimizer": "adamw", "clip": { "mode": "norm", "threshold": 5 } } }
            """);
        Assert.Equal(ActivationKind.LeakyRelu, e.Model.Activation);
        Assert.Equal(ModelKind.ResNet, e.Model.Kind);
        Assert.Equal(ScheduleKind.OneCycle, e.Training.Schedule);
        Assert.Equal(OptimizerKind.AdamW, e.Training.Optimizer);
        Assert.Equal(5, e.Training.Clip.Threshold);
    }

    [Fact]
    public void A_bad_value_is_reported_with_its_json_path_and_the_value()
    {
        var error = Invalid("""{ "training": { "learningRate": -1 } }""");
        Assert.Contains("training.learningRate must be > 0, got -1", error.Message);
        Assert.Equal("test.json", error.File);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var error = Invalid("""{ "training": { "epochs": 0, "batchSize": -5 }, "model": { "dropout": 1.5, "hidden": [10, 0] } }""");
        var paths = error.Errors.Select(e => e.Path).ToList();
        Assert.Contains("training.epochs", paths);
        Assert.Contains("training.batchSize", paths);
        Assert.Contains("model.dropout", paths);
        Assert.Contains("model.hidden[1]", paths);
    }

    [Fact]
    public void An_unknown_field_is_named_with_its_path()
    {
        var error = Invalid("""{ "training": { "learningrat": 0.1 } }""");
        Assert.Contains("training.learningrat", error.Message);
        Assert.Contains("not a known field", error.Message);
    }

    [Fact]
    public void A_wrong_type_says_what_was_expected_and_where()
    {
        var error = Invalid("""{ "training": { "epochs": "ten" } }""");
        Assert.Contains("training.epochs must be a whole number", error.Message);
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_accepted_ones()
    {
        var error = Invalid("""{ "model": { "activation": "relux" } }""");
        Assert.Contains("model.activation must be one of relu, leaky_relu, elu, selu, gelu, tanh, sigmoid", error.Message);
    }

    [Fact]
    public void Broken_json_is_reported_as_such()
    {
        var error = Invalid("""{ "training": { "epochs": 3 """);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var error = Assert.Throws<InvalidExperimentException>(() => ExperimentLoader.Load("/nonexistent/experiment.json"));
        Assert.Contains("file not found", error.Message);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_experiment_file_folder()
    {
        var dir = Directory.CreateTempSubdirectory();
        var file = Path.Combine(dir.FullName, "e.json");
        File.WriteAllText(file, """{ "data": { "kind": "csv", "path": "rows.csv" } }""");
        var e = ExperimentLoader.Load(file);
        Assert.Equal(Path.Combine(dir.FullName, "rows.csv"), e.ResolvePath(e.Data.Path!));
    }

    [Fact]
    public void Csv_data_without_a_path_is_rejected()
    {
        var error = Invalid("""{ "data": { "kind": "csv" } }""");
        Assert.Contains("data.path is required for csv data", error.Message);
    }

    [Fact]
    public void An_experiment_survives_a_round_trip_through_json()
    {
        var e = ExperimentLoader.Parse("""{ "name": "x", "training": { "optimizer": "rmsprop", "centered": true, "l2": 0.01 } }""");
        var again = ExperimentLoader.Parse(ExperimentLoader.ToJson(e));
        Assert.Equal(e.Training, again.Training with { Betas = e.Training.Betas, Clip = e.Training.Clip });
        Assert.Equal("x", again.Name);
        Assert.True(again.Training.Centered);
    }
}
