namespace TuneWise.Testing;

/// <summary>
/// Finds a Chromium for the tests that look at a report as a reader would: Debian's <c>chromium</c>
/// package, which <c>.ci/setup</c> installs (a test never installs anything), or a browser already
/// on the machine.
/// </summary>
public static class Browser
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser's executable, or null with the reason there is none.</summary>
    public static (string? Path, string Why) Executable =>
        Candidates.FirstOrDefault(File.Exists) is { } path ? (path, "") : (null, "no Chromium found: install Debian's chromium package ('sudo .ci/setup')");
}
