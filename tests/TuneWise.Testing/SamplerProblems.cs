using System.Globalization;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Samplers;

namespace TuneWise.Testing;

/// <summary>
/// Optimisation problems with known minima that samplers are measured on, and a loop that minimises
/// them with a sampler. <c>experiments/peers/optuna_samplers.py</c> defines the same problems for
/// Optuna; a change here is a change there.
/// </summary>
public static class SamplerProblems
{
    /// <summary>A problem: its space, its objective (NaN where the trial fails) and its known minimum.</summary>
    public sealed record Problem(string Name, SearchSpace Space, Func<IReadOnlyDictionary<string, object>, double> Objective, double Minimum);

    private static double D(IReadOnlyDictionary<string, object> p, string name) => Convert.ToDouble(p[name], CultureInfo.InvariantCulture);

    /// <summary>Branin-Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at three points.</summary>
    public static Problem Branin { get; } = new("Branin", SearchSpace.Create().Float("x1", -5, 10).Float("x2", 0, 15).Build(), BraninValue, 0.397887);

    private static double BraninValue(IReadOnlyDictionary<string, object> p)
    {
        double x1 = D(p, "x1"), x2 = D(p, "x2");
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        return Math.Pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.Cos(x1) + 10;
    }

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

    /// <summary>
    /// A learning-rate valley with a cliff, as networks have: the loss falls towards a learning rate
    /// of 10^−1.5 ≈ 0.032 and training diverges (NaN) above 0.05, so the best rates sit next to
    /// failures. Weight decay (log) and batch size (log integer) matter a little. Minimum 0.
    /// </summary>
    public static Problem LearningRateCliff { get; } = new("Learning-rate cliff",
        SearchSpace.Create()
            .Float("learningRate", 1e-5, 10, log: true)
            .Float("weightDecay", 1e-6, 1e-1, log: true)
            .Int("batchSize", 16, 256, log: true)
            .Build(), p =>
    {
        double lr = D(p, "learningRate");
        if (lr > 0.05) return double.NaN;
        return Math.Pow(Math.Log10(lr) + 1.5, 2) + 0.05 * Math.Pow(Math.Log10(D(p, "weightDecay")) + 4, 2)
            + 0.02 * Math.Pow(Math.Log2(D(p, "batchSize")) - 6, 2);
    }, 0);

    private static readonly double[] Centres = [0.2, 0.35, 0.5, 0.65, 0.8];

    /// <summary>Ten parameters on [0, 1] of which only the first five matter (a shifted sphere); minimum 0.</summary>
    public static Problem TenWithFiveIdle { get; } = new("10-D, 5 idle",
        Enumerable.Range(1, 10).Aggregate(SearchSpace.Create(), (b, i) => b.Float($"x{i}", 0, 1)).Build(),
        p => Enumerable.Range(0, 5).Sum(i => Math.Pow(D(p, $"x{i + 1}") - Centres[i], 2)), 0);

    /// <summary>
    /// Four choices of a network and a learning rate whose best value depends on the optimizer: each
    /// choice adds its own cost, and ReLU without normalisation costs extra (an interaction).
    /// Minimum 0 at relu, adam, batch norm, he, learning rate 1e-3.
    /// </summary>
    public static Problem CategoricalHeavy { get; } = new("Categorical-heavy",
        SearchSpace.Create()
            .Categorical("activation", "relu", "tanh", "sigmoid", "gelu")
            .Categorical("optimizer", "sgd", "momentum", "adam", "rmsprop")
            .Categorical("normalization", "none", "batch", "layer")
            .Categorical("init", "he", "xavier", "normal")
            .Float("learningRate", 1e-5, 1, log: true)
            .Build(), p =>
    {
        string activation = (string)p["activation"], optimizer = (string)p["optimizer"], norm = (string)p["normalization"], init = (string)p["init"];
        double value = activation switch { "relu" => 0, "gelu" => 0.1, "tanh" => 0.4, _ => 0.9 }
            + optimizer switch { "adam" => 0, "rmsprop" => 0.15, "momentum" => 0.2, _ => 0.6 }
            + norm switch { "batch" => 0, "layer" => 0.1, _ => 0.3 }
            + init switch { "he" => 0, "xavier" => 0.2, _ => 0.5 };
        if (activation == "relu" && norm == "none") value += 0.5;
        double target = optimizer switch { "sgd" => -1, "momentum" => -2, _ => -3 };
        return value + 0.5 * Math.Pow(Math.Log10(D(p, "learningRate")) - target, 2);
    }, 0);

    /// <summary>
    /// Branin where training fails (NaN) for x2 &lt; 5: two of its three minima lie in the failing
    /// part, the one left is at (−π, 12.275) with 0.397887.
    /// </summary>
    public static Problem BraninWithFailures { get; } = new("Branin with failures", Branin.Space,
        p => D(p, "x2") < 5 ? double.NaN : BraninValue(p), 0.397887);

    /// <summary>
    /// Hartmann-6 where training fails (NaN) for x6 &gt; 0.7: the minimum, at x6 ≈ 0.657, sits next to
    /// the failures, a cliff in six dimensions. Minimum −3.32237.
    /// </summary>
    public static Problem Hartmann6WithCliff { get; } = new("Hartmann-6 with a cliff", Hartmann6.Space,
        p => D(p, "x6") > 0.7 ? double.NaN : Hartmann6.Objective(p), Hartmann6.Minimum);

    /// <summary>
    /// The mixed conditional space where training fails (NaN) for learning rates above 0.02: momentum's
    /// best rate, 0.01, sits next to the failures. Minimum 0.
    /// </summary>
    public static Problem MixedWithCliff { get; } = new("Mixed conditional with a cliff", Mixed.Space,
        p => D(p, "learningRate") > 0.02 ? double.NaN : Mixed.Objective(p), Mixed.Minimum);

    /// <summary>The problems where part of the space fails (NaN).</summary>
    public static IReadOnlyList<Problem> WithFailures { get; } = [LearningRateCliff, BraninWithFailures, Hartmann6WithCliff, MixedWithCliff];

    /// <summary>Every problem, in the order tables list them.</summary>
    public static IReadOnlyList<Problem> All { get; } = [Branin, Hartmann6, Mixed, LearningRateCliff, TenWithFiveIdle, CategoricalHeavy, BraninWithFailures, Hartmann6WithCliff, MixedWithCliff];

    /// <summary>
    /// Runs <paramref name="trials"/> sequential trials and returns the history; a NaN objective is a
    /// failed trial, as a diverged network is.
    /// </summary>
    public static List<TrialRecord> Minimize(ISampler sampler, Problem problem, int trials)
    {
        var history = new List<TrialRecord>();
        for (int i = 0; i < trials; i++)
        {
            var parameters = sampler.Propose(problem.Space, history, i);
            double value = problem.Objective(parameters);
            history.Add(double.IsNaN(value)
                ? new TrialRecord { Number = i, State = TrialState.Failed, Parameters = parameters }
                : new TrialRecord { Number = i, State = TrialState.Complete, Parameters = parameters, Value = value });
        }
        return history;
    }

    /// <summary>The best value of a history (complete trials only); +∞ when none completed.</summary>
    public static double Best(IEnumerable<TrialRecord> history) =>
        history.Where(t => t.State == TrialState.Complete && t.Value is not null).Select(t => t.Value!.Value).DefaultIfEmpty(double.PositiveInfinity).Min();
}
