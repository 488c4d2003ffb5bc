using System.Runtime.InteropServices;

namespace TuneWise.Models.Runtime;

/// <summary>
/// Keeps libtorch's own warnings off the terminal: <c>TORCH_CPP_LOG_LEVEL=ERROR</c> unless the user
/// set a level (<c>TORCH_CPP_LOG_LEVEL=WARNING</c> brings them back), read by libtorch's logging once
/// it has loaded.
/// </summary>
/// <remarks>
/// On CPUs NNPACK does not support (seen on AMD EPYC), libtorch tries NNPACK for every convolution of
/// a single sample and logs "Could not initialize NNPACK! Reason: Unsupported hardware." each time:
/// a batch-1 CNN epoch of Fashion-MNIST wrote 217,082 such lines (21 MB) to stderr. TuneWise reports
/// what matters about a run itself; libtorch's errors still show. libtorch as TorchSharp loads it
/// never reads the variable on its own, so after loading, its <c>c10::initLogging</c> is called, which does.
/// </remarks>
internal static class TorchLogLevel
{
    /// <summary>The variable libtorch's logging reads its level from.</summary>
    public const string Variable = "TORCH_CPP_LOG_LEVEL";

    // c10::initLogging(), exported by libc10: reads TORCH_CPP_LOG_LEVEL into the log-level flag.
    private const string InitLogging = "_ZN3c1011initLoggingEv";

    /// <summary>True when libtorch's logging was set from the variable in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>Sets the variable to ERROR unless the user chose a level. Before libtorch loads; never throws.</summary>
    public static void SetDefault() => NativeEnvironment.SetUnlessGiven(Variable, "ERROR");

    /// <summary>Has the loaded libtorch read the variable. After libtorch loads; never throws.</summary>
    internal static void ApplyToLoadedLibrary()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null) return;
        try
        {
            // libc10 is loaded already (libtorch needs it), so this returns the same library.
            if (NativeLibrary.TryLoad("libc10.so", out var c10) && NativeLibrary.TryGetExport(c10, InitLogging, out var init))
            {
                Marshal.GetDelegateForFunctionPointer<Action>(init)();
                Applied = true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            // Another libtorch build: its warnings stay on.
        }
    }
}
