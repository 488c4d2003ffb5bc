using TorchSharp;

namespace TuneWise.Models.Runtime;

/// <summary>Entry point that guarantees TorchSharp is usable, or explains why not.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadResult = new(Probe);

    /// <summary>
    /// Opts this process in to the libstdc++ fix for TorchSharp's native library (see
    /// <see cref="TorchNativeLoader"/>): call it once at startup, before anything uses TorchSharp.
    /// The tunewise command line and the tests do; an application that only references TuneWise is
    /// left as it is until it asks. <c>TUNEWISE_NATIVE_FIX=1</c> opts in as well, <c>=0</c> keeps the
    /// fix off whatever the code asks.
    /// </summary>
    public static void UseNativeFix()
    {
        PrepareEnvironment();
        TorchNativeLoader.Install();
    }

    /// <summary>
    /// Loads TorchSharp's native library (with the libstdc++ fix when the process opted in) and throws a
    /// <see cref="TorchRuntimeUnavailableException"/> with a clear message when it cannot.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (LoadResult.Value is { } error) throw error;
    }

    /// <summary>Sets how many threads libtorch uses for this process's operations (e.g. the cores divided between worker processes).</summary>
    public static void UseThreads(int threads)
    {
        EnsureLoaded();
        torch.set_num_threads(Math.Max(1, threads));
    }

    // What libtorch reads once, when it loads: written first, and only where the user set nothing.
    private static void PrepareEnvironment()
    {
        OneDnnIsaGuard.Apply();
        TorchLogLevel.SetDefault();
        OpenMpSpin.SetDefault();
    }

    private static Exception? Probe()
    {
        PrepareEnvironment();
        if (TorchNativeLoader.RequestedByEnvironment) TorchNativeLoader.Install();
        // TorchSharp prints its own (misleading) loading trace to standard output when it fails;
        // keep it out of the user's output, which may be --json.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            using var probe = torch.zeros(1);
            TorchLogLevel.ApplyToLoadedLibrary();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            bool notAsked = !TorchNativeLoader.Installed && !TorchNativeLoader.FixDisabled;
            // Why the shipped library does not load is the reason only where no fix was tried (switched
            // off, or not asked for); it loads the library again to find out, so it is asked once.
            string? shipped = TorchNativeLoader.FixDisabled || notAsked ? TorchNativeLoader.DescribeShippedLoadError() : null;
            var reason = TorchNativeLoader.LastFailure
                ?? (shipped is not null
                    ? shipped + (TorchNativeLoader.FixDisabled ? " (the fix is switched off by TUNEWISE_NATIVE_FIX=0)" : " (this process did not opt in to the fix)")
                    : (e.InnerException ?? e).Message);
            // A process that did not ask for the fix is told first how to ask: it is the one-line remedy.
            string remedy = notAsked && shipped is not null
                ? "What to do: call TuneWise.Models.Runtime.TorchRuntime.UseNativeFix() once at startup (or set TUNEWISE_NATIVE_FIX=1) " +
                  "so TuneWise loads a compatible copy, or install a libstdc++ from GCC 13 or newer (Debian/Ubuntu: libstdc++6)."
                : "What to do: install a libstdc++ from GCC 13 or newer (Debian/Ubuntu: libstdc++6), or make sure " +
                  "the folder in TUNEWISE_NATIVE_CACHE (default ~/.cache/tunewise/native) is writable so TuneWise can " +
                  "prepare a compatible copy; check that the TorchSharp-cpu package's runtimes/linux-x64/native files " +
                  "were deployed with the application.";
            return new TorchRuntimeUnavailableException("TorchSharp's native library could not be loaded. " + reason + Environment.NewLine + remedy, e);
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }
}
