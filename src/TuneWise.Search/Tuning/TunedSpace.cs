using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Spaces;

namespace TuneWise.Search.Tuning;

/// <summary>
/// The space a tuning job searches: <c>search.space</c> as written, with <c>"learningRate": "auto"</c>
/// replaced by each optimizer's range from its range test (log scale). When the optimizer is
/// searched too, each optimizer gets its own dimension <c>learningRate[name]</c>, active only when
/// that optimizer is chosen, so an SGD rate never lands in Adam's range or the other way round.
/// </summary>
public static class TunedSpace
{
    /// <summary>The optimizers whose range tests the space needs, by their file names (<c>sgd</c>, <c>adam</c>…); empty without "auto".</summary>
    public static IReadOnlyList<string> OptimizersToTest(Experiment experiment)
    {
        if (!SearchSpaceParser.HasAutoLearningRate(experiment.Search.Space)) return [];
        var space = SearchSpaceParser.Parse(experiment.Search.Space, customTrainer: experiment.Search.CustomTrainer);
        return space.Parameters.FirstOrDefault(p => p.Name == "optimizer") is CategoricalParameter optimizer
            ? optimizer.Choices.Select(c => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)!).ToList()
            : [ExperimentLoader.NameOf(experiment.Training.Optimizer)];
    }

    /// <summary>Builds the space from the experiment and the range tests by optimizer name.</summary>
    /// <exception cref="InvalidOperationException">A range test the space needs is missing.</exception>
    public static SearchSpace Build(Experiment experiment, IReadOnlyDictionary<string, LrRangeTestResult> rangeTests)
    {
        var space = SearchSpaceParser.Parse(experiment.Search.Space, customTrainer: experiment.Search.CustomTrainer);
        var optimizers = OptimizersToTest(experiment);
        if (optimizers.Count == 0) return space;
        var parameters = space.Parameters.ToList();
        LearningRateRange RangeOf(string optimizer) => rangeTests.TryGetValue(optimizer, out var r) ? r.Range
            : throw new InvalidOperationException($"no range test for {optimizer}");
        bool searched = parameters.Any(p => p.Name == "optimizer");
        if (!searched)
        {
            var range = RangeOf(optimizers[0]);
            parameters.Add(new FloatParameter(SearchSpaceParser.AutoParameter, range.Lower, range.Upper, Log: true));
        }
        else
        {
            foreach (var optimizer in optimizers)
            {
                var range = RangeOf(optimizer);
                parameters.Add(new FloatParameter(TunableParameters.LearningRateOf(optimizer), range.Lower, range.Upper, Log: true)
                {
                    When = new Condition("optimizer", [optimizer]),
                });
            }
        }
        return new SearchSpace(parameters.Where(p => p.When is null).Concat(parameters.Where(p => p.When is not null)).ToList());
    }
}
