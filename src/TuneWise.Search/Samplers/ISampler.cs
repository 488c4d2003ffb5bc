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

    /// <summary>
    /// The generator of one trial's draws. The study seed, the trial number and the stream go through
    /// SplitMix64's finaliser one after the other, so neighbouring trials get unrelated generators:
    /// a multiply-and-xor of the inputs, fed to <see cref="Random(int)"/>, gave trial n+1 a first
    /// value correlated with trial n's (r = 0.27 over 200 trials) and repeated a 4-way choice 38 % of
    /// the time.
    /// </summary>
    public static Random For(int seed, int trialNumber, int stream = 0)
    {
        ulong state = Mix(Mix(Mix((ulong)(uint)seed) ^ (ulong)(uint)trialNumber) ^ (ulong)(uint)stream);
        return new Random(unchecked((int)(state >> 33)));
    }

    // SplitMix64's output function (Steele, Lea and Flood 2014): every input bit reaches every output bit.
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
