using System.Globalization;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Tests.Samplers;

/// <summary>Standard optimisation test functions with known minima, and a loop that minimises them with a sampler.</summary>
internal static class BenchmarkFunctions
{
    public sealed record Problem(string Name, SearchSpace Space, Func<IReadOnlyDictionary<string, object>, double> Objective, double Minimum);

    private static double D(IReadOnlyDictionary<string, object> p, string name) => Convert.ToDouble(p[name], CultureInfo.InvariantCulture);

    /// <summary>Branin-Hoo on [−5, 10] × [0, 15]; minimum 0.397887.</summary>
    public static Problem Branin { get; } = new("Branin", SearchSpace.Create().Float("x1", -5, 10).Float("x2", 0, 15).Build(), p =>
    {
        double x1 = D(p, "x1"), x2 = D(p, "x2");
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        return Math.Pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.Cos(x1) + 10;
    }, 0.397887);

    private static readonly double[] A = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] Ah = { { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 } };
    private static readonly double[,] Ph =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann-6 on [0, 1]⁶; minimum −3.32237.</summary>
    public static Problem Hartmann6 { get; } = new("Hartmann-6",
        Enumerable.Range(1, 6).Aggregate(SearchSpace.Create(), (b, i) => b.Float($"x{i}", 0, 1)).Build(), p =>
    {
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0;
            for (int j = 0; j < 6; j++) inner += Ah[i, j] * Math.Pow(D(p, $"x{j + 1}") - Ph[i, j], 2);
            sum += A[i] * Math.Exp(-inner);
        }
        return -sum;
    }, -3.32237);

    /// <summary>
    /// A training-like mixed space: a categorical optimizer, a log learning rate whose best value
    /// depends on it, a momentum that exists only for one optimizer, and an integer depth. Minimum 0
    /// at optimizer = momentum, learning rate 1e-2, momentum 0.9, layers 3.
    /// </summary>
    public static Problem Mixed { get; } = new("Mixed conditional",
        SearchSpace.Create()
            .Categorical("optimizer", "sgd", "momentum", "adam")
            .Float("learningRate", 1e-5, 1, log: true)
            .Int("layers", 1, 6)
            .Float("momentum", 0, 0.99, when: SearchSpaceBuilder.When("optimizer", "momentum"))
            .Build(), p =>
    {
        var optimizer = (string)p["optimizer"];
        double target = optimizer switch { "sgd" => -1, "momentum" => -2, _ => -3 };
        double offset = optimizer switch { "sgd" => 0.5, "momentum" => 0, _ => 0.2 };
        double value = Math.Pow(Math.Log10(D(p, "learningRate")) - target, 2) + offset + 0.1 * Math.Pow(D(p, "layers") - 3, 2);
        if (optimizer == "momentum") value += 4 * Math.Pow(D(p, "momentum") - 0.9, 2);
        return value;
    }, 0);

    /// <summary>Runs <paramref name="trials"/> sequential trials and returns the history.</summary>
    public static List<TrialRecord> Minimize(ISampler sampler, Problem problem, int trials)
    {
        var history = new List<TrialRecord>();
        for (int i = 0; i < trials; i++)
        {
            var parameters = sampler.Propose(problem.Space, history, i);
            history.Add(new TrialRecord { Number = i, State = TrialState.Complete, Parameters = parameters, Value = problem.Objective(parameters) });
        }
        return history;
    }
}
