using TuneWise.Core.Health;

namespace TuneWise.Core.Tests.Health;

public class VerdictChainTests
{
    private static HealthVerdict V(string code, Severity severity, int step, params string[] fixes) =>
        new() { Code = code, Severity = severity, Step = step, Message = code, Fixes = fixes };

    [Fact]
    public void The_root_cause_comes_first_even_when_a_later_symptom_is_more_severe()
    {
        // The order a monitor merges them in: the fatal NaN first, as severity alone would put it.
        var verdicts = new[]
        {
            V(VerdictCodes.NonFinite, Severity.Fatal, 300, "lower the learning rate (training.learningRate: 0.9 → 0.09), or run tunewise lr-find"),
            V(VerdictCodes.DeadRelu, Severity.Warning, 200, "use leaky_relu"),
            V(VerdictCodes.OversizedUpdates, Severity.Warning, 100, "lower the learning rate (training.learningRate: 0.9 → 0.09), or run tunewise lr-find"),
            V(VerdictCodes.Plateau, Severity.Info, 0),
        };

        var chain = VerdictChain.Order(verdicts).Select(v => v.Code).ToList();

        Assert.Equal([VerdictCodes.OversizedUpdates, VerdictCodes.DeadRelu, VerdictCodes.NonFinite, VerdictCodes.Plateau], chain);
        Assert.Equal(VerdictCodes.OversizedUpdates, VerdictChain.Root(verdicts)!.Code);
    }

    [Fact]
    public void A_run_told_to_lower_its_rate_is_never_told_to_raise_it()
    {
        var verdicts = new[]
        {
            V(VerdictCodes.VanishingGradient, Severity.Warning, 100, "use he initialisation", "raise the learning rate (training.learningRate: 0.115 → 1.15), or run tunewise lr-find"),
            V(VerdictCodes.DeadRelu, Severity.Warning, 100, "use leaky_relu", "lower the learning rate (training.learningRate: 0.115 → 0.0115), or run tunewise lr-find"),
        };

        var reconciled = VerdictChain.Reconcile(verdicts);

        Assert.Equal(VerdictCodes.DeadRelu, reconciled[0].Code);
        Assert.DoesNotContain(reconciled.SelectMany(v => v.Fixes), f => f.StartsWith("raise the learning rate", StringComparison.Ordinal));
        Assert.Contains("use he initialisation", reconciled[1].Fixes);
    }

    [Fact]
    public void A_run_whose_rate_is_too_low_keeps_its_advice_to_raise_it()
    {
        var verdicts = new[] { V(VerdictCodes.StalledWeights, Severity.Warning, 100, "raise the learning rate (training.learningRate: 1e-06 → 1e-05), or run tunewise lr-find") };

        Assert.Single(VerdictChain.Reconcile(verdicts)[0].Fixes);
    }
}
