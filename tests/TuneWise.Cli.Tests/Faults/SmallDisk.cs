using TuneWise.Testing;

namespace TuneWise.Cli.Tests.Faults;

/// <summary>
/// A folder on a tmpfs of a few megabytes that can be filled to the last byte: the full disk of an
/// overnight study, made on purpose. Needs root (as CI runs); <see cref="Unavailable"/> says why not.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly string? _filler;

    public SmallDisk(int megabytes)
    {
        Path = Directory.CreateTempSubdirectory("small-disk").FullName;
        if (Environment.UserName != "root") { Unavailable = "needs root to mount a small tmpfs (CI runs as root)"; return; }
        var mount = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path);
        if (mount is not null) { Unavailable = $"could not mount a tmpfs: {mount}"; return; }
        _filler = System.IO.Path.Combine(Path, "filler");
    }

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>Why the disk could not be made, or null.</summary>
    public string? Unavailable { get; }

    /// <summary>Fills the disk until a write fails, leaving <paramref name="leaveBytes"/> free at most.</summary>
    public void Fill(long leaveBytes = 0)
    {
        using var file = new FileStream(_filler!, FileMode.Append, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (new DriveInfo(Path).AvailableFreeSpace > leaveBytes) file.Write(block);
            file.Flush();
        }
        catch (IOException)
        {
            // Full: what was asked.
        }
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(_filler!);

    public void Dispose()
    {
        if (Unavailable is null) Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static string? Run(string command, params string[] arguments)
    {
        var run = Processes.Run(command, arguments, TimeSpan.FromMinutes(2));
        return run.ExitCode == 0 ? null : run.Error.Trim();
    }
}
