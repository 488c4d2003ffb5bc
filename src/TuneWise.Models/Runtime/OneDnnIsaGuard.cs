using System.Runtime.Intrinsics.X86;

namespace TuneWise.Models.Runtime;

/// <summary>
/// Keeps libtorch's oneDNN convolution kernels off AVX-512 on x86-64 Linux, where the ones shipped
/// with TorchSharp-cpu 0.107 (libtorch 2.10) return NaN gradients.
/// </summary>
/// <remarks>
/// Measured on a 2-core AMD EPYC with AVX-512: the input gradient of a plain
/// <c>Conv2d(8, 8, 3, padding: 1)</c> on a 16×8×28×28 batch held NaN in 27 of 200 backward passes
/// (different ones each run, 1 in 200 even with one thread: an uninitialised read in the kernel, not
/// a race in TuneWise). Every convolutional network trained there picks up NaN weights within a few
/// dozen steps. With oneDNN capped at AVX2 the same loop gave 0 of 200, and ATen's own kernels are
/// unaffected. The cap is written before libtorch loads (oneDNN reads it once, at its first
/// primitive; see <see cref="NativeEnvironment"/>). A value the user set in <c>ONEDNN_MAX_CPU_ISA</c>
/// or <c>DNNL_MAX_CPU_ISA</c> is always left alone, so <c>ONEDNN_MAX_CPU_ISA=ALL</c> turns the guard off.
/// </remarks>
public static class OneDnnIsaGuard
{
    /// <summary>The variable oneDNN reads for its highest instruction set.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    private const string LegacyVariable = "DNNL_MAX_CPU_ISA";

    /// <summary>The cap applied: AVX2, the widest set whose kernels were measured to be correct.</summary>
    public const string Cap = "AVX2";

    /// <summary>True when this process capped oneDNN (AVX-512 present and no user setting).</summary>
    public static bool Applied { get; private set; }

    /// <summary>Applies the cap where it is needed. Idempotent; never throws.</summary>
    public static void Apply()
    {
        if (!ShouldCap(Avx512F.IsSupported, Environment.GetEnvironmentVariable)) return;
        Applied = NativeEnvironment.SetUnlessGiven(Variable, Cap, LegacyVariable);
    }

    /// <summary>The rule: cap only on a CPU with AVX-512, and only when the user set neither variable.</summary>
    internal static bool ShouldCap(bool hasAvx512, Func<string, string?> environment) =>
        hasAvx512 && environment(Variable) is null && environment(LegacyVariable) is null;
}
