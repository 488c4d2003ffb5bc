using System.Diagnostics;

namespace TuneWise.Reports.Tests.Html;

/// <summary>
/// Finds a Chromium to drive: Debian's <c>chromium</c> package, installed on first use when the
/// tests run as root with apt-get (as on CI), or a browser already on the machine.
/// </summary>
internal static class Browser
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private static readonly Lazy<(string? Path, string Why)> Found = new(Locate);

    /// <summary>The browser's executable, or null with the reason there is none.</summary>
    public static (string? Path, string Why) Executable => Found.Value;

    private static (string? Path, string Why) Locate()
    {
        if (Existing() is { } path) return (path, "");
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get")) return (null, "no Chromium found and no apt-get to install it");
        if (Environment.UserName != "root") return (null, "no Chromium found; install it with 'sudo apt-get install chromium'");
        var log = Run("apt-get", "update") + Run("apt-get", "install -y --no-install-recommends chromium");
        return Existing() is { } installed ? (installed, "") : (null, "apt-get could not install chromium: " + log.Split('\n').LastOrDefault(l => l.Length > 0));
    }

    private static string? Existing() => Candidates.FirstOrDefault(File.Exists);

    private static string Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8))) process.Kill(entireProcessTree: true);
        return output.Result + error.Result;
    }
}
