using System.Net;
using System.Net.Sockets;

namespace TuneWise.Testing;

/// <summary>
/// A real PostgreSQL server for the tests, in a temporary data folder on a free port: Debian's
/// <c>postgresql</c> package, which <c>.ci/setup</c> installs (a test never installs anything).
/// PostgreSQL refuses to run as root, so it is started as the <c>postgres</c> user. When no server
/// can be had, <see cref="Unavailable"/> says why and the tests that need it are skipped.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string? _bin;
    private readonly string _folder;

    /// <summary>Why there is no server, or null when it runs.</summary>
    public string? Unavailable { get; }

    /// <summary>The connection string of the running server.</summary>
    public string ConnectionString { get; } = "";

    /// <summary>The server's port.</summary>
    public int Port { get; }

    public PostgresServer()
    {
        _folder = Directory.CreateTempSubdirectory("tunewise-pg-").FullName;
        if (!OperatingSystem.IsLinux()) { Unavailable = "the PostgreSQL tests start Debian's server and run on Linux only"; return; }
        try
        {
            _bin = Binaries();
            if (_bin is null) { Unavailable = "no PostgreSQL server binaries: install Debian's postgresql package ('sudo .ci/setup')"; return; }
            Port = FreePort();
            File.SetUnixFileMode(_folder, (UnixFileMode)0b111_111_111);
            Run("initdb", $"-D {_folder}/data -U tunewise --auth=trust -E UTF8");
            Start();
            ConnectionString = $"Host=127.0.0.1;Port={Port};Username=tunewise;Database=postgres;Timeout=5;Pooling=true";
        }
        catch (Exception e)
        {
            Unavailable = "PostgreSQL could not be started: " + e.Message;
        }
    }

    /// <summary>Starts the server (again).</summary>
    public void Start() => Run("pg_ctl", $"-D {_folder}/data -l {_folder}/server.log -w -o \"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    /// <summary>Stops the server at once, as a crash or a restart would.</summary>
    public void Stop() => Run("pg_ctl", $"-D {_folder}/data -m immediate -w stop");

    public void Dispose()
    {
        if (Unavailable is null)
            try { Stop(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? Binaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;

    // As root, the server's tools run as the postgres user, which the package creates.
    private void Run(string tool, string arguments)
    {
        string command = $"{_bin}/{tool} {arguments}";
        var (code, output) = Environment.UserName == "root"
            ? Shell($"su postgres -s /bin/sh -c '{command}'", TimeSpan.FromMinutes(2))
            : Shell(command, TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"{tool} failed ({code}): {output.Trim().Split('\n').LastOrDefault()}");
    }

    private static (int Code, string Output) Shell(string command, TimeSpan timeout)
    {
        try
        {
            var run = Processes.Run("/bin/sh", ["-c", command], timeout);
            return (run.ExitCode, run.Output + run.Error);
        }
        catch (TimeoutException)
        {
            return (-1, "timed out");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The collection of tests that share one server. xunit finds a collection's definition only in
/// the test assembly itself, so each assembly that uses the server declares one:
/// <c>[CollectionDefinition(PostgresCollection.Name)] public sealed class PostgresTests : PostgresCollection;</c>
/// </summary>
public abstract class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
