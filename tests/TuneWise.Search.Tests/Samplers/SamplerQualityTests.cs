using TuneWise.Core.Experiments;
using TuneWise.Testing;
using TuneWise.Search.Samplers;
using Xunit.Abstractions;

namespace TuneWise.Search.Tests.Samplers;

/// <summary>
/// Over 20 seeds and 60 trials, the median best value of TPE beats random search on every problem of
/// the peer benchmark (Optuna's side: <c>-- peers</c> in the experiments runner), and so does the GP's
/// everywhere. On the problems with failures the default sampler, auto, which stays with the GP after a
/// failed trial, ends at or below TPE at 30 and 60 trials. Prints the table:
/// <c>dotnet test tests/TuneWise.Search.Tests --filter SamplerQuality --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Slow")]
public class SamplerQualityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Problems => new(SamplerProblems.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Problems))]
    public void Model_based_samplers_beat_random_search(string problemName)
    {
        var problem = SamplerProblems.All.Single(p => p.Name == problemName);
        var samplers = new (string Name, Func<int, ISampler> Make)[]
        {
            ("random", s => new RandomSampler(s)),
            ("tpe", s => new TpeSampler(s)),
            ("gp", s => new GpSampler(s)),
        };
        var medians = new Dictionary<string, double>();
        foreach (var (name, make) in samplers)
        {
            var best = SortedBests(make, problem, 60);
            medians[name] = Median(best);
            output.WriteLine($"| {problem.Name} | {name} | {medians[name]:G5} | {(best[4] + best[5]) / 2:G5} – {(best[14] + best[15]) / 2:G5} | {problem.Minimum:G6} |");
        }
        Assert.True(medians["tpe"] < medians["random"], $"tpe {medians["tpe"]} vs random {medians["random"]}");
        Assert.True(medians["gp"] < medians["random"], $"gp {medians["gp"]} vs random {medians["random"]}");
        // Where trials fail, auto stays with the GP (it is the GP at this budget): the GP must be at or below TPE there.
        if (SamplerProblems.WithFailures.Contains(problem))
            Assert.True(medians["gp"] <= medians["tpe"], $"gp {medians["gp"]} vs tpe {medians["tpe"]} where trials fail");
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void At_thirty_trials_the_gp_ends_better_with_a_random_start_of_a_sixth_of_the_budget(string problemName)
    {
        // Ten random trials are a third of a 30-trial study; a start scaled to the budget (5 here) leaves the GP more to steer.
        var problem = SamplerProblems.All.Single(p => p.Name == problemName);
        double scaled = Median(SortedBests(s => new GpSampler(s, GpOptions.ForBudget(30)), problem, 30));
        double ten = Median(SortedBests(s => new GpSampler(s, new GpOptions()), problem, 30));
        output.WriteLine($"| {problem.Name} | start of {GpOptions.ForBudget(30).StartupTrials}: {scaled:G5} | start of 10: {ten:G5} |");
        Assert.True(scaled <= ten, $"{problem.Name}: start of a sixth {scaled} vs start of 10 {ten}");
    }

    public static TheoryData<string> FailureProblems => new(SamplerProblems.WithFailures.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(FailureProblems))]
    public void Where_trials_fail_auto_stays_with_the_gp_and_ends_at_or_below_tpe(string problemName)
    {
        // Auto used to hand over to TPE at the first failure; at 30 trials (60: the test above) the GP
        // with failures at the upper quartile of the values seen is ahead of TPE on every problem with
        // failures, and of the GP that gave failures the worst value on the learning-rate cliff.
        const int trials = 30;
        var problem = SamplerProblems.All.Single(p => p.Name == problemName);
        double auto = Median(SortedBests(s => SamplerFactory.From(SamplerKind.Auto, s, trials), problem, trials));
        double tpe = Median(SortedBests(s => SamplerFactory.From(SamplerKind.Tpe, s, trials), problem, trials));
        double worst = Median(SortedBests(s => new GpSampler(s, GpOptions.ForBudget(trials) with { FailureQuantile = 1 }), problem, trials));
        output.WriteLine($"| {problem.Name} | {trials} trials | auto {auto:G4} | tpe {tpe:G4} | gp with failures at the worst {worst:G4} |");
        Assert.True(auto <= tpe, $"{problem.Name}: auto {auto} vs tpe {tpe}");
        if (problem == SamplerProblems.LearningRateCliff) Assert.True(auto <= worst, $"auto {auto} vs the GP with failures at the worst {worst}");
    }

    /// <summary>The best value of each of 20 seeds' studies, sorted.</summary>
    private static List<double> SortedBests(Func<int, ISampler> make, SamplerProblems.Problem problem, int trials) =>
        // The seeds are independent studies: run them on every core (the result is sorted, so the order they finish in does not matter).
        Enumerable.Range(0, 20).AsParallel().Select(seed => SamplerProblems.Best(SamplerProblems.Minimize(make(seed), problem, trials))).ToList().Order().ToList();

    /// <summary>The median of 20 sorted values.</summary>
    private static double Median(List<double> sorted) => (sorted[9] + sorted[10]) / 2;
}
