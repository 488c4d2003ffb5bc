namespace TuneWise.Models.Runtime;

/// <summary>
/// Keeps libtorch's OpenMP threads from spinning long when they wait: <c>GOMP_SPINCOUNT=10000</c>
/// unless the user set it or <c>OMP_WAIT_POLICY</c>, written before libtorch loads (its libgomp reads
/// them once; see <see cref="NativeEnvironment"/>).
/// </summary>
/// <remarks>
/// Each process sizes libtorch's threads to the cores it is given, but it cannot see the other
/// processes on the machine: a <c>tunewise worker</c> started in a second terminal, or several tune
/// processes on one study. With libgomp's default of 300,000 spins before a waiting thread sleeps, the
/// idle threads of one process took the cores the others needed: measured on 2 cores, three tune
/// processes on one 6-trial study took 49 s against 8.4 s for one process alone. With 10,000 spins
/// they took 25–28 s; with 1,000, 19 s; with <c>OMP_WAIT_POLICY=PASSIVE</c> (no spinning), 15 s. One
/// process alone, training the quick start's configuration (medians of five or six runs, in runs of
/// its own against the default): 10,000 spins within 2–3 % of the default, 1,000 spins about 20 %
/// slower, passive 7–25 % slower. 10,000 spins costs a single process nothing measurable and takes away
/// about half of the penalty of sharing a machine (docs/platform.md).
/// </remarks>
internal static class OpenMpSpin
{
    /// <summary>The variable libgomp reads for how many times a waiting thread spins before it sleeps.</summary>
    public const string Variable = "GOMP_SPINCOUNT";

    /// <summary>The spins set when the user chose neither a count nor a wait policy.</summary>
    public const string Spins = "10000";

    /// <summary>Sets the count unless the user chose one or a wait policy. Before libtorch loads; never throws.</summary>
    public static void SetDefault() => NativeEnvironment.SetUnlessGiven(Variable, Spins, "OMP_WAIT_POLICY");
}
