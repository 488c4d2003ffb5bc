using TuneWise.Core.Experiments;
using TuneWise.Core.Spaces;

namespace TuneWise.Core.Tests.Spaces;

public class SearchSpaceTests
{
    [Fact]
    public void Unit_mapping_round_trips_every_kind()
    {
        var lr = new FloatParameter("lr", 1e-5, 1, Log: true);
        Assert.Equal(0.5, lr.ToUnit(Math.Sqrt(1e-5)), 9);
        Assert.Equal(1e-3, (double)lr.FromUnit(lr.ToUnit(1e-3)), 12);
        var batch = new PowerOfTwoParameter("batch", 4, 9);
        Assert.Equal(16L, batch.FromUnit(batch.ToUnit(16L)));
        Assert.Equal(512L, batch.FromUnit(1.0));
        var units = new IntParameter("units", 10, 100, Step: 10);
        Assert.Equal(40L, units.FromUnit(units.ToUnit(40L)));
        Assert.True(units.Contains(40L) && !units.Contains(45L));
        var opt = new CategoricalParameter("optimizer", ["sgd", "adam"]);
        Assert.Equal("adam", opt.FromUnit(opt.ToUnit("adam")));
    }

    [Fact]
    public void Every_integer_of_a_range_is_reachable_with_an_equal_share()
    {
        var p = new IntParameter("k", 1, 4);
        var counts = Enumerable.Range(0, 4000).Select(i => (long)p.FromUnit((i + 0.5) / 4000)).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([1L, 2L, 3L, 4L], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.Equal(1000, c));
    }

    [Fact]
    public void Conditional_parameters_exist_only_under_their_parent_values()
    {
        var space = SearchSpace.Create()
            .Categorical("optimizer", "sgd", "momentum", "adam")
            .Float("momentum", 0.5, 0.99, when: SearchSpaceBuilder.When("optimizer", "momentum"))
            .Float("beta1", 0.8, 0.99, when: SearchSpaceBuilder.When("optimizer", "adam"))
            .Build();
        var a = space.Assign(p => p is CategoricalParameter ? "momentum" : p.FromUnit(0.5));
        Assert.Equal(["optimizer", "momentum"], a.Keys);
        Assert.Equal(["optimizer", "beta1"], space.Active(new Dictionary<string, object> { ["optimizer"] = "adam" }).Select(p => p.Name));
    }

    [Theory]
    [InlineData("""{ "learningRate": { "log": [0, 1] } }""", "search.space.learningRate a log range needs low > 0, got 0")]
    [InlineData("""{ "learningRate": { "range": [1, 0.1] } }""", "search.space.learningRate low must be < high, got [1, 0.1]")]
    [InlineData("""{ "optimizer": { "choice": [] } }""", "search.space.optimizer a choice needs at least one value")]
    [InlineData("""{ "learningrate": { "log": [1e-5, 1] } }""", "search.space.learningrate is not a tunable parameter")]
    [InlineData("""{ "batchSize": { "powerOfTwo": [16, 500] } }""", "search.space.batchSize powers of two need")]
    [InlineData("""{ "momentum": { "range": [0.5, 0.9], "when": { "schedule": ["cosine"] } } }""", "search.space momentum: its condition names 'schedule'")]
    public void Bad_spaces_in_an_experiment_file_name_the_json_path(string space, string message)
    {
        var error = Assert.Throws<InvalidExperimentException>(() => ExperimentLoader.Parse($$"""{ "search": { "space": {{space}} } }"""));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_space_from_the_experiment_file_adds_the_implied_conditions()
    {
        var e = ExperimentLoader.Parse("""
            { "search": { "space": {
                "momentum": { "range": [0.5, 0.99] },
                "learningRate": { "log": [1e-5, 1] },
                "optimizer": { "choice": ["sgd", "momentum", "adam"] },
                "batchSize": { "powerOfTwo": [16, 256] },
                "beta2": { "range": [0.9, 0.9999] } } } }
            """);
        var space = SearchSpaceParser.Parse(e.Search.Space);
        Assert.Equal(["learningRate", "optimizer", "batchSize", "momentum", "beta2"], space.Parameters.Select(p => p.Name));
        Assert.Equal("optimizer", space["momentum"].When!.Parent);
        Assert.Equal(["momentum"], space["momentum"].When!.Values);
        Assert.Equal(["adam"], space["beta2"].When!.Values);
        Assert.IsType<PowerOfTwoParameter>(space["batchSize"]);
    }

    [Fact]
    public void An_assignment_is_written_into_the_experiment()
    {
        var e = TunableParameters.Apply(new Experiment(), new Dictionary<string, object>
        {
            ["learningRate"] = 0.02, ["optimizer"] = "nesterov", ["momentum"] = 0.8, ["batchSize"] = 128L,
            ["clipMode"] = "norm", ["clipThreshold"] = 2.5, ["dropout"] = 0.1, ["activation"] = "leaky_relu",
        });
        Assert.Equal(0.02, e.Training.LearningRate);
        Assert.Equal(OptimizerKind.Nesterov, e.Training.Optimizer);
        Assert.Equal(0.8, e.Training.Momentum);
        Assert.Equal(128, e.Training.BatchSize);
        Assert.Equal(new ClipSection { Mode = ClipMode.Norm, Threshold = 2.5 }, e.Training.Clip);
        Assert.Equal(ActivationKind.LeakyRelu, e.Model.Activation);
    }
}

public class ImpliedConditionTests
{
    [Fact]
    public void A_when_of_the_users_keeps_only_the_values_where_the_parameter_acts()
    {
        var e = ExperimentLoader.Parse("""
            { "search": { "space": {
              "optimizer": { "choice": ["sgd", "momentum", "adam"] },
              "momentum": { "range": [0.5, 0.9], "when": { "optimizer": ["momentum", "adam"] } }
            } } }
            """);
        var when = SearchSpaceParser.Parse(e.Search.Space)["momentum"].When!;
        Assert.Equal("optimizer", when.Parent);
        Assert.Equal(["momentum"], when.Values);
    }

    [Fact]
    public void An_implied_condition_is_dropped_when_its_parent_is_not_searched()
    {
        var e = ExperimentLoader.Parse("""{ "training": { "optimizer": "momentum" }, "search": { "space": { "momentum": { "range": [0.5, 0.99] } } } }""");
        Assert.Null(SearchSpaceParser.Parse(e.Search.Space)["momentum"].When);
    }

    [Fact]
    public void A_parameter_that_can_never_apply_is_an_error()
    {
        var error = Assert.Throws<InvalidExperimentException>(() => ExperimentLoader.Parse(
            """{ "search": { "space": { "optimizer": { "choice": ["sgd", "adam"] }, "momentum": { "range": [0.5, 0.99] } } } }"""));
        Assert.Contains("search.space.momentum never applies", error.Message);
    }
}

public class ReadmeSpaceTests
{
    [Fact]
    public void The_space_shown_in_the_tuning_guide_is_valid()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "docs", "tuning.md"));
        int start = readme.IndexOf("\"space\": {", StringComparison.Ordinal);
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var e = ExperimentLoader.Parse("{ \"search\": { " + readme[start..end].Trim() + " } }");
        var space = SearchSpaceParser.Parse(e.Search.Space);
        Assert.Equal(6, space.Parameters.Count);
        Assert.Equal(["momentum"], space["momentum"].When!.Values);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TuneWise.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
