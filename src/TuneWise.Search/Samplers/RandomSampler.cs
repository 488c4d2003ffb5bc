using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>Independent uniform draws in each parameter's unit space (log-uniform for log parameters).</summary>
public sealed class RandomSampler(int seed = 0) : ISampler
{
    /// <inheritdoc />
    public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber)
    {
        return SamplerRandom.Uniform(space, SamplerRandom.For(seed, trialNumber));
    }
}
