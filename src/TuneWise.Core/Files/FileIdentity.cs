using System.Runtime.InteropServices;

namespace TuneWise.Core.Files;

/// <summary>
/// Tells whether two paths name the same file: through <c>..</c>, a symbolic link anywhere on the
/// path, or a hard link. An output written over an input (a report over its study, a best
/// configuration over the experiment) would destroy it, so every output is checked against every
/// input before anything is written.
/// </summary>
public static class FileIdentity
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are, or would be, one file.</summary>
    public static bool Same(string a, string b)
    {
        if (Unix(a) is { } idA && Unix(b) is { } idB) return idA == idB;
        return string.Equals(Canonical(a), Canonical(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The absolute path with every symbolic link resolved; for a file that does not exist yet, its
    /// folder resolved and its name kept.
    /// </summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsWindows())
        {
            if (RealPath(full) is { } real) return real;
            var folder = Path.GetDirectoryName(full);
            if (folder is not null && RealPath(folder) is { } realFolder) return Path.Combine(realFolder, Path.GetFileName(full));
        }
        return full;
    }

    // (device, inode) of an existing file: the one identity that hard links share.
    private static (ulong Device, ulong Inode)? Unix(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            // struct stat begins with st_dev and st_ino, 8 bytes each, on x86_64 and aarch64 alike.
            var buffer = new byte[256];
            if (Stat(Path.GetFullPath(path), buffer) != 0) return null;
            return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    private static string? RealPath(string path)
    {
        try
        {
            var result = RealPathNative(path, IntPtr.Zero);
            if (result == IntPtr.Zero) return null;
            try
            {
                return Marshal.PtrToStringUTF8(result);
            }
            finally
            {
                Free(result);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs unsafe code in this assembly.
    [DllImport("libc", EntryPoint = "stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
