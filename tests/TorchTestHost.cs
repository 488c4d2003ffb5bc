using System.Runtime.CompilerServices;
using TuneWise.Models.Runtime;

namespace TuneWise.Tests;

/// <summary>
/// How a test assembly that trains in its own process prepares TorchSharp, once, before any test
/// runs. One source file, compiled into each such assembly (see their .csproj).
/// </summary>
internal static class TorchTestHost
{
#pragma warning disable CA2255 // A test assembly's initializer: this must be in place before any test touches TorchSharp.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Prepare()
    {
        // The tests train in this process, as the command line does: they opt in to the native-library fix.
        TorchRuntime.UseNativeFix();
        // One libtorch thread per test host. xUnit runs two test classes at once in each host and
        // `dotnet test` runs every test assembly at once, so libtorch sizing its threads to all the
        // cores in each oversubscribed the machine: on 2 cores the Models tests took 9 min 24 s
        // within the suite, and 1 min 24 s with one thread each. Processes the tests start (the
        // tunewise command) size their threads as a user's would.
        try { TorchRuntime.UseThreads(1); }
        catch (TorchRuntimeUnavailableException) { /* every test that trains reports the reason itself */ }
    }
}
