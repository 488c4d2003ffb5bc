namespace TuneWise.Core.Trials;

/// <summary>A decision to stop a trial early: who decided, why, at which step, and whether the trial was sick.</summary>
/// <param name="Pruner">Who stopped it: a pruner's name (<c>health</c>, <c>asha</c>, <c>median</c>, <c>patient</c>) or <c>budget</c>.</param>
/// <param name="Reason">Why, with the numbers.</param>
/// <param name="Step">The step (epoch) at which it decided.</param>
/// <param name="Unhealthy">True when the trial was stopped because its training was unhealthy; samplers then steer away from it.</param>
public sealed record PruneDecision(string Pruner, string Reason, int Step, bool Unhealthy = false);
