using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TuneWise.Core.Experiments;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Samplers;
using TuneWise.Testing;

namespace TuneWise.Benchmarks;

/// <summary>
/// TuneWise's samplers against Optuna's TPE (independent, and multivariate with group) on the
/// problems of <see cref="SamplerProblems"/>, in one run: the same spaces, objectives, budgets and
/// seeds (the protocol of <c>SamplerQualityTests</c>: median best value over the seeds and its
/// quartiles), and the proposal latency at 1,000 trials in a 6-D mixed space.
/// </summary>
internal static class PeersBenchmark
{
    /// <summary>The samplers as a study of <paramref name="trials"/> trials sets them up (<see cref="SamplerFactory"/>: the random start of the GP and TPE scaled to that budget).</summary>
    private static (string Name, Func<int, ISampler> Make)[] Samplers(int trials) =>
    [
        ("TuneWise auto (default)", s => SamplerFactory.From(SamplerKind.Auto, s, trials)),
        ("TuneWise TPE", s => SamplerFactory.From(SamplerKind.Tpe, s, trials)),
        ("TuneWise GP", s => SamplerFactory.From(SamplerKind.Gp, s, trials)),
        ("random", s => SamplerFactory.From(SamplerKind.Random, s, trials)),
    ];

    public static string Run(int seeds, int trials)
    {
        if (PythonPeer.Missing("optuna") is { } skipped) return skipped;
        // Optuna's side runs alongside on the other core; the latencies are measured afterwards, alone.
        var optuna = PythonPeer.RunScriptAsync("optuna_samplers.py", TimeSpan.FromHours(2), "quality", seeds.ToString(CultureInfo.InvariantCulture), trials.ToString(CultureInfo.InvariantCulture));
        var best = new Dictionary<string, Dictionary<string, double[]>>();
        foreach (var (name, make) in Samplers(trials))
        {
            best[name] = SamplerProblems.All.ToDictionary(p => p.Name, p =>
                Enumerable.Range(0, seeds).Select(seed => SamplerProblems.Best(SamplerProblems.Minimize(make(seed), p, trials))).ToArray());
        }
        using var peer = optuna.Result;
        foreach (var sampler in peer.RootElement.GetProperty("best").EnumerateObject())
            best[sampler.Name] = sampler.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(ReadNumber).ToArray());
        string version = peer.RootElement.GetProperty("optuna").GetString()!;

        using var peerLatency = PythonPeer.RunScriptAsync("optuna_samplers.py", TimeSpan.FromMinutes(30), "latency").Result;
        var latency = peerLatency.RootElement.GetProperty("latencyMs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        latency["TuneWise TPE"] = ProposalLatencyBenchmark.MedianMilliseconds(new TpeSampler(1), 20);
        latency["TuneWise GP"] = ProposalLatencyBenchmark.MedianMilliseconds(new GpSampler(1), 20);

        var lines = new List<string>
        {
            $"Median best value over {seeds} seeds × {trials} trials (first – third quartile); lower is better. Optuna {version}.",
            "",
            "| problem (minimum) | " + string.Join(" | ", best.Keys) + " |",
            "|---|" + string.Concat(best.Keys.Select(_ => "---|")),
        };
        foreach (var problem in SamplerProblems.All)
        {
            var cells = best.Values.Select(b => Summary(b[problem.Name]));
            lines.Add($"| {problem.Name} ({problem.Minimum.ToString("G6", CultureInfo.InvariantCulture)}) | {string.Join(" | ", cells)} |");
        }
        lines.Add("");
        lines.Add("Proposal latency, median ms with 1,000 completed trials in a 6-D mixed space (categorical, conditional, log, integer):");
        lines.Add("");
        lines.Add("| sampler | ms |");
        lines.Add("|---|---|");
        foreach (var (name, ms) in latency) lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:F1} |"));
        return string.Join(Environment.NewLine, lines);
    }

    private static double ReadNumber(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.Parse(e.GetString()!, CultureInfo.InvariantCulture);

    /// <summary>"median (q1 – q3)" of the per-seed best values.</summary>
    private static string Summary(double[] values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Quantile(sorted, 0.5):G4} ({Quantile(sorted, 0.25):G3} – {Quantile(sorted, 0.75):G3})");
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
