using System.Runtime.CompilerServices;

namespace TuneWise.Models.Tests;

/// <summary>The tests train in this process, as the command line does: they opt in to TorchSharp's native-library fix.</summary>
internal static class NativeFix
{
#pragma warning disable CA2255 // A test assembly's initializer: the fix must be in place before any test touches TorchSharp.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OptIn() => TuneWise.Models.Runtime.TorchRuntime.UseNativeFix();
}
