using System.Runtime.InteropServices;

namespace TuneWise.Models.Runtime;

/// <summary>
/// Sets environment variables that libtorch and its libraries read in native code, before they load.
/// The managed <see cref="Environment.SetEnvironmentVariable(string, string?)"/> does not reach native
/// code on Linux, so the variable is written with libc's <c>setenv</c> (and managed too, so child
/// processes and diagnostics see it). A value the user already set is always left alone.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> unless it (or one of <paramref name="aliases"/>) is set; true when this call set it.</summary>
    public static bool SetUnlessGiven(string name, string value, params string[] aliases)
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Environment.GetEnvironmentVariable(name) is not null || aliases.Any(a => Environment.GetEnvironmentVariable(a) is not null)) return false;
        try
        {
            if (SetEnv(name, value, 0) != 0) return false;
            Environment.SetEnvironmentVariable(name, value);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // no libc setenv to call (not glibc/musl)
        }
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code for this one call. On Unix
    // strings marshal as UTF-8.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);
}
