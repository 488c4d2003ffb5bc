using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>
/// Proposes the parameters of the next trial from the study's history. Deterministic: the same
/// seed, history and trial number give the same proposal, so a resumed study proposes exactly
/// what an uninterrupted one would have.
/// </summary>
public interface ISampler
{
    /// <summary>Proposes values for the active parameters of <paramref name="space"/>.</summary>
    /// <param name="space">What to search.</param>
    /// <param name="history">Every trial so far, running ones included (so concurrent proposals differ).</param>
    /// <param name="trialNumber">The number of the trial being proposed.</param>
    Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber);
}

/// <summary>A random generator that depends only on the study seed and the trial number, and the draws samplers share.</summary>
internal static class SamplerRandom
{
    /// <summary>An assignment drawn uniformly in each active parameter's unit space.</summary>
    public static Dictionary<string, object> Uniform(SearchSpace space, Random rng) => space.Assign(p => p.FromUnit(rng.NextDouble()));

    /// <summary>A standard normal draw (Box–Muller; two uniform draws, in this order).</summary>
    public static double StandardNormal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static Random For(int seed, int trialNumber, int stream = 0) =>
        new(unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)trialNumber * 40503u) ^ ((uint)stream * 2246822519u))));
}
