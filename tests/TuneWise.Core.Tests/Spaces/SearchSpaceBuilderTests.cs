using TuneWise.Core.Spaces;

namespace TuneWise.Core.Tests.Spaces;

public class SearchSpaceBuilderTests
{
    private static SearchSpaceBuilder Every() => SearchSpace.Create()
        .Categorical("optimizer", "sgd", "momentum", "adam")
        .Float("learningRate", 1e-5, 1, log: true)
        .Float("dropout", 0, 0.5)
        .Float("momentum", 0.5, 0.99, when: SearchSpaceBuilder.When("optimizer", "momentum"))
        .Int("hidden", 16, 512, log: true, step: 16)
        .PowerOfTwo("batchSize", 16, 256)
        .Categorical("batchNorm", [true, false]);

    [Fact]
    public void The_spec_an_experiment_stores_reads_back_as_the_space_the_builder_builds()
    {
        var built = Every().Build();
        var parsed = SearchSpaceParser.Parse(Every().Spec(), customTrainer: true);

        // The parser may order conditional parameters differently (always after their parents): compare by name.
        Assert.Equal(built.Parameters.Select(p => p.Name).Order(), parsed.Parameters.Select(p => p.Name).Order());
        foreach (var p in built.Parameters)
        {
            var q = parsed[p.Name];
            Assert.Equal(p.GetType(), q.GetType());
            Assert.Equal((p.When?.Parent, string.Join(",", p.When?.Values ?? [])), (q.When?.Parent, string.Join(",", q.When?.Values ?? [])));
            foreach (double unit in new[] { 0.0, 0.2, 0.5, 0.9, 1.0 })
                Assert.Equal(Convert.ToString(p.FromUnit(unit), System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(q.FromUnit(unit), System.Globalization.CultureInfo.InvariantCulture));
        }
        // Same space, same points: a study resumed from the stored spec searches what the code defined.
        foreach (double unit in new[] { 0.0, 0.37, 0.81, 1.0 })
            Assert.Equal(SearchSpace.Key(built.Assign(p => p.FromUnit(unit))), SearchSpace.Key(parsed.Assign(p => p.FromUnit(unit))));
    }

    [Fact]
    public void A_learning_rate_left_to_the_range_tests_is_written_as_auto_and_never_built_here()
    {
        var builder = SearchSpace.Create().AutoLearningRate().Categorical("optimizer", "adam", "sgd");

        Assert.Equal("auto", builder.Spec()["learningRate"].GetString());
        Assert.Contains("range tests", Assert.Throws<SearchSpaceException>(() => builder.Build()).Message);
    }

    [Fact]
    public void A_bad_entry_is_refused_as_it_is_added_naming_it()
    {
        Assert.Contains("dropout: low must be < high", Assert.Throws<SearchSpaceException>(() => SearchSpace.Create().Float("dropout", 0.5, 0.1)).Message);
        Assert.Contains("x: defined twice", Assert.Throws<SearchSpaceException>(() => SearchSpace.Create().Float("x", 0, 1).Int("x", 0, 4)).Message);
    }
}
