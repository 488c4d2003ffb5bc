using TuneWise.Search.Spaces;
using TuneWise.Search.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>Independent uniform draws in each parameter's unit space (log-uniform for log parameters).</summary>
public sealed class RandomSampler(int seed = 0) : ISampler
{
    /// <inheritdoc />
    public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber)
    {
        var rng = SamplerRandom.For(seed, trialNumber);
        return space.Assign(p => p.FromUnit(rng.NextDouble()));
    }
}
