using System.Diagnostics;
using System.Globalization;

namespace TuneWise.Search.Studies;

/// <summary>
/// Worker names of the form <c>machine:pid</c> (the default): on the same machine a worker whose
/// process is gone is known dead at once, so its running trial can be re-queued without waiting
/// for the heartbeat timeout. A rerun after a crash then finishes the full budget.
/// </summary>
public static class LocalWorkers
{
    /// <summary>The default name of this process's worker.</summary>
    public static string Current { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>True when <paramref name="worker"/> names a process of this machine that no longer runs.</summary>
    public static bool IsDead(string? worker)
    {
        if (worker is null) return false;
        int colon = worker.LastIndexOf(':');
        if (colon <= 0 || worker[..colon] != Environment.MachineName) return false;
        if (!int.TryParse(worker[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
