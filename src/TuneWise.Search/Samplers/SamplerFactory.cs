using TuneWise.Core.Experiments;

namespace TuneWise.Search.Samplers;

/// <summary>Builds the sampler an experiment's <c>search.sampler</c> names, seeded by the experiment's seed.</summary>
public static class SamplerFactory
{
    /// <summary>The sampler with its documented defaults.</summary>
    public static ISampler From(SamplerKind kind, int seed) => kind switch
    {
        SamplerKind.Tpe => new TpeSampler(seed),
        SamplerKind.Gp => new GpSampler(seed),
        SamplerKind.Random => new RandomSampler(seed),
        SamplerKind.Grid => new GridSampler(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
