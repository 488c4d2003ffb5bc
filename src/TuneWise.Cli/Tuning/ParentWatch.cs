using System.Diagnostics;

namespace TuneWise.Cli.Tuning;

/// <summary>
/// Ends a worker that <c>tune --workers N</c> started when that <c>tune</c> process is gone: killed
/// with SIGKILL it cannot tell its workers, which would otherwise go on alone and start new trials.
/// The worker stops as after Ctrl+C, handing its running trial back. A worker started by hand has no
/// parent to watch and runs until its study's budget is used.
/// </summary>
internal sealed class ParentWatch : IDisposable
{
    private readonly Timer _timer;
    private readonly CancellationTokenSource _stop = new();

    private ParentWatch(int pid, DateTime started, TimeSpan interval) =>
        _timer = new Timer(_ => Check(pid, started), null, interval, interval);

    // A tick may still run while the watch is disposed at the worker's end; an exception on the
    // timer's thread would take the process down.
    private void Check(int pid, DateTime started)
    {
        try
        {
            if (!Alive(pid, started)) _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The worker is ending anyway.
        }
    }

    /// <summary>Cancelled once the parent has gone.</summary>
    public CancellationToken ParentGone => _stop.Token;

    /// <summary>Watches process <paramref name="pid"/>; when it has already gone, <see cref="ParentGone"/> is cancelled at once.</summary>
    public static ParentWatch Start(int pid, TimeSpan? interval = null)
    {
        DateTime started;
        try
        {
            using var parent = Process.GetProcessById(pid);
            started = parent.StartTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            started = DateTime.MinValue;
        }
        var watch = new ParentWatch(pid, started, interval ?? TimeSpan.FromSeconds(1));
        if (started == DateTime.MinValue) watch._stop.Cancel();
        return watch;
    }

    // The start time guards against a new process that was given the same id.
    private static bool Alive(int pid, DateTime started)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.StartTime == started;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _stop.Dispose();
    }
}
