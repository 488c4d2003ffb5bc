using System.Diagnostics;
using System.Text.Json;
using TuneWise.Testing;

namespace TuneWise.Cli.Tests.Tuning;

/// <summary>One study on a PostgreSQL server, tuned by <c>tune</c> and a <c>worker</c> process at once, as two machines would.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresTuneTests(PostgresServer server)
{
    [Trait("Category", "Slow")]
    [SkippableFact]
    public async Task Tune_and_a_worker_share_a_postgres_study_and_status_and_report_read_it()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var experiment = TuneExperiments.Write(trials: 6);
        string study = "pg-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"name\": \"small-study\",",
            $"\"name\": \"{study}\", \"storage\": {{ \"connection\": \"{server.ConnectionString}\" }},", StringComparison.Ordinal));

        using var worker = Processes.StartTunewise(["worker", experiment, "--quiet"]);
        var run = CliRunner.Run("tune", experiment, "--json", "--quiet");
        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, worker.ExitCode);
        using var status = JsonDocument.Parse(CliRunner.Run("status", experiment, "--json").Output);
        var trials = status.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 6), trials.Select(t => t.GetProperty("number").GetInt32()));
        Assert.StartsWith("postgresql://127.0.0.1:", status.RootElement.GetProperty("study").GetString());
        Assert.DoesNotContain("Password", status.RootElement.GetProperty("study").GetString());
        var report = CliRunner.Run("report", experiment);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains($"id=\"trial-row-5\"", File.ReadAllText(Path.Combine(Path.GetDirectoryName(experiment)!, study + ".html")));
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task Four_tune_processes_finish_every_trial_when_one_is_killed_mid_trial()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var experiment = TuneExperiments.Write(trials: 8, epochs: 3);
        string study = "pg-kill-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"name\": \"small-study\",",
            $"\"name\": \"{study}\", \"storage\": {{ \"connection\": \"{server.ConnectionString}\" }},", StringComparison.Ordinal));
        var tunes = Enumerable.Range(0, 4).Select(_ => Processes.StartTunewise(["tune", experiment, "--quiet"])).ToList();
        try
        {
            // Kill a process while it holds a running trial: its trial must not be lost or left "running".
            var deadline = DateTime.UtcNow.AddMinutes(3);
            (Process Process, int Trial)? victim = null;
            while (victim is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                var running = Trials(experiment).Where(t => t.GetProperty("state").GetString() == "running").ToList();
                foreach (var trial in running)
                    if (tunes.FirstOrDefault(p => trial.GetProperty("worker").GetString() == $"{Environment.MachineName}:{p.Id}") is { } holder)
                    {
                        victim = (holder, trial.GetProperty("number").GetInt32());
                        break;
                    }
            }
            Assert.True(victim is not null, "no process ever held a running trial");
            victim.Value.Process.Kill();
            var survivors = tunes.Where(p => p != victim.Value.Process).ToList();
            await Task.WhenAll(survivors.Select(p => p.WaitForExitAsync())).WaitAsync(TimeSpan.FromMinutes(5));

            foreach (var survivor in survivors) Assert.True(survivor.ExitCode == 0, survivor.StandardError.ReadToEnd());
            var trials = Trials(experiment);
            Assert.Equal(Enumerable.Range(0, 8), trials.Select(t => t.GetProperty("number").GetInt32()).Order());
            Assert.All(trials, t => Assert.Contains(t.GetProperty("state").GetString(), new[] { "complete", "pruned" }));
            var handedBack = trials.Single(t => t.GetProperty("number").GetInt32() == victim.Value.Trial);
            Assert.NotEqual($"{Environment.MachineName}:{victim.Value.Process.Id}", handedBack.GetProperty("worker").GetString());
        }
        finally
        {
            foreach (var process in tunes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    private static List<JsonElement> Trials(string experiment)
    {
        var status = CliRunner.Run("status", experiment, "--json");
        if (status.ExitCode != 0) return [];
        using var document = JsonDocument.Parse(status.Output);
        return [.. document.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.Clone())];
    }
}
