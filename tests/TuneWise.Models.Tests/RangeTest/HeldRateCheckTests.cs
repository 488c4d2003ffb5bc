using TuneWise.Core.Experiments;
using TuneWise.Models.RangeTest;
using Xunit.Abstractions;

namespace TuneWise.Models.Tests.RangeTest;

/// <summary>
/// The top of the auto range is a rate a trial survives: SGD with momentum on the quick start sees
/// no units die in its sweep before the loss diverges (0.17–0.29 at batch 64), yet trials at batch 32
/// lose a ReLU layer from 0.04 up. The held-rate check lowers the top until the rate held at batch 32
/// keeps the network healthy. Trained for the quick start's 8 epochs there, no trial at the top would
/// be stopped by the health pruner for its rate, and at the last rate the check turned down the health
/// monitor reports a rate failure again (at least once: what turned it down was not a fluke of the check).
/// <c>dotnet test tests/TuneWise.Models.Tests --filter HeldRateCheck --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Slow")]
public class HeldRateCheckTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(42)]
    [InlineData(44)]
    public void Momentum_at_the_checked_top_keeps_its_units_and_at_the_rate_turned_down_loses_them(int seed)
    {
        var data = QuickStartTrials.Data(seed);
        var experiment = QuickStartTrials.Experiment(seed, OptimizerKind.Momentum);
        var range = new LearningRateRangeTest().Run(experiment, data);
        output.WriteLine($"range {range.Range.Lower:G3} … {range.Range.Upper:G3} ({range.Range.Rule})");

        var checks = range.HeldRateChecks;
        Assert.InRange(checks.Count, 2, HeldRateCheck.MaxChecks);
        Assert.All(checks, c => Assert.Equal(32, c.BatchSize));
        Assert.True(checks[^1].Held, "the last check held its rate");
        Assert.All(checks.SkipLast(1), c => Assert.True(c.Failure is { } code && HeldRateCheck.RateFailures.Contains(code), $"{c.LearningRate:G3} failed of {c.Failure}"));
        // Each failed check halves the top; the range ends at the rate that held, its bottom below it.
        for (int i = 1; i < checks.Count; i++) Assert.Equal(checks[i - 1].LearningRate / 2, checks[i].LearningRate, 1e-12);
        Assert.Equal(checks[^1].LearningRate, range.Range.Upper);
        Assert.True(range.DivergedAt > 2 * range.Range.Upper, $"the sweep alone would have searched up to {range.DivergedAt:G3}");
        Assert.InRange(range.Recommended, range.Range.Lower, range.Range.Upper);

        var atTop = QuickStartTrials.Deaths(experiment, data, range.Range.Upper, batch: 32, output.WriteLine);
        var turnedDown = QuickStartTrials.Deaths(experiment, data, checks[^2].LearningRate, batch: 32, output.WriteLine);
        Assert.Empty(atTop.Stopping);
        Assert.NotEmpty(turnedDown.Seen);
    }
}
