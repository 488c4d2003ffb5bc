using System.Runtime.InteropServices;
using TuneWise.Models.Runtime;

namespace TuneWise.Models.Tests.Runtime;

public class OpenMpSpinTests
{
    [Fact]
    public void Libtorchs_openmp_sees_the_short_spin_unless_the_user_set_a_count_or_a_wait_policy()
    {
        if (!OperatingSystem.IsLinux()) return;
        TorchRuntime.EnsureLoaded();
        // The environment this process started with (setenv does not change /proc/self/environ).
        var started = File.ReadAllText("/proc/self/environ").Split('\0').Select(e => e.Split('=', 2)[0]).ToHashSet();
        // What native code reads, not the managed copy: libgomp calls getenv.
        string? native = Marshal.PtrToStringUTF8(GetEnv(OpenMpSpin.Variable));
        if (started.Contains(OpenMpSpin.Variable) || started.Contains("OMP_WAIT_POLICY"))
            Assert.Equal(Environment.GetEnvironmentVariable(OpenMpSpin.Variable), native); // the user's choice stands
        else
            Assert.Equal(OpenMpSpin.Spins, native);
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv(string name);
}
