using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TuneWise.Cli.Tuning;

/// <summary>
/// The extra worker processes of <c>search.workers</c>: each runs <c>tunewise worker</c> on the same
/// study. Processes, not threads: TorchSharp's random generator is process-wide, so trials trained
/// side by side in one process would not be reproducible.
/// </summary>
internal sealed class WorkerProcesses : IDisposable
{
    private readonly List<Process> _processes = [];

    public static WorkerProcesses Start(string experimentFile, int count, int threadsEach)
    {
        var workers = new WorkerProcesses();
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // Under 'dotnet tunewise.dll' the process is dotnet itself: the tool's assembly goes first.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(WorkerProcesses).Assembly.Location);
            foreach (var a in new[] { "worker", experimentFile, "--threads", threadsEach.ToString(CultureInfo.InvariantCulture), "--quiet",
                         "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            // With several CUDA devices each process trains on its own (this one on the first; worker i on i modulo their count).
            start.Environment[Models.Runtime.TrainingDevice.WorkerDeviceVariable] = (i + 1).ToString(CultureInfo.InvariantCulture);
            var process = Process.Start(start)!;
            // Drain their output so a full pipe never blocks them; their story is in the study.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            workers._processes.Add(process);
        }
        return workers;
    }

    /// <summary>Asks every worker to stop as after Ctrl+C (SIGINT): each hands its running trial back.</summary>
    public void Interrupt()
    {
        foreach (var p in _processes.Where(p => !p.HasExited))
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = Kill(p.Id, 2);
            else p.Kill();
    }

    /// <summary>Waits for every worker to end.</summary>
    public void WaitForExit()
    {
        foreach (var p in _processes) p.WaitForExit();
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited && !p.WaitForExit(TimeSpan.FromSeconds(30))) p.Kill(entireProcessTree: true);
            p.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
