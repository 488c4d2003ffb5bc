using System.Diagnostics;
using System.Text.Json;
using TuneWise.Search.Tests.Storage;

namespace TuneWise.Cli.Tests.Tuning;

/// <summary>One study on a PostgreSQL server, tuned by <c>tune</c> and a <c>worker</c> process at once, as two machines would.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresTuneTests(PostgresServer server)
{
    [SkippableFact]
    public async Task Tune_and_a_worker_share_a_postgres_study_and_status_and_report_read_it()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var experiment = TuneExperiments.Write(trials: 6);
        string study = "pg-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"name\": \"small-study\",",
            $"\"name\": \"{study}\", \"storage\": {{ \"connection\": \"{server.ConnectionString}\" }},", StringComparison.Ordinal));

        using var worker = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "tunewise.dll"), "worker", experiment, "--quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
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
}
