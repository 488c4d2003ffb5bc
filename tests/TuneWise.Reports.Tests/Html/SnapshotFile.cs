using System.Runtime.CompilerServices;

namespace TuneWise.Reports.Tests.Html;

/// <summary>
/// Compares text with an approved snapshot kept beside the tests (<c>Snapshots/&lt;name&gt;.verified.txt</c>).
/// A difference writes <c>&lt;name&gt;.received.txt</c> next to it and fails; set
/// <c>TUNEWISE_ACCEPT_SNAPSHOTS=1</c> to approve the received text instead.
/// </summary>
internal static class SnapshotFile
{
    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(caller)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.txt");
        var received = Path.Combine(folder, name + ".received.txt");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("TUNEWISE_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        var (e, a) = (expected?.Split('\n') ?? [], actual.Split('\n'));
        int line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
        Assert.Fail($"{name}: the output differs from the snapshot at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "(end)")}\n  actual:   {(line < a.Length ? a[line] : "(end)")}\n" +
            $"received text written to {received}");
    }
}
