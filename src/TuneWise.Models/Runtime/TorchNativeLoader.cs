using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace TuneWise.Models.Runtime;

/// <summary>
/// Makes TorchSharp's native library load on Linux systems whose libstdc++ is older than GCC 13.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> only for
/// <c>std::ios_base_library_init</c>, a link-time marker that is never called. On an older
/// libstdc++ the load fails. The loader first tries the library as shipped; only when that fails
/// for a missing libstdc++ version does it write a copy whose requirement is marked weak
/// (VER_FLG_WEAK) into a cache folder and hands that copy to TorchSharp through a DllImport
/// resolver. A system with a new enough libstdc++ is never touched. The fix is opt-in: a process
/// asks for it with <see cref="TorchRuntime.UseNativeFix"/> or <c>TUNEWISE_NATIVE_FIX=1</c>; set
/// <c>TUNEWISE_NATIVE_FIX=0</c> to keep it off, <c>TUNEWISE_NATIVE_CACHE</c> to choose
/// the cache folder.
/// </remarks>
internal static partial class TorchNativeLoader
{
    private const string LibraryName = "LibTorchSharp";
    private const string LibraryFile = "libLibTorchSharp.so";

    // Symbols that may stay unbound because nothing calls them (see remarks).
    private static readonly IReadOnlySet<string> MarkerSymbols = new HashSet<string> { "_ZSt21ios_base_library_initv" };

    // libtorch libraries that libLibTorchSharp needs; they are loaded from the package folder
    // before the patched copy, whose $ORIGIN no longer points at them.
    private static readonly string[] Dependencies = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static int _installed;
    private static IntPtr _handle;
    private static string? _failure;

    /// <summary>Why the last attempt to load the native library failed, or null.</summary>
    public static string? LastFailure => _failure;

    /// <summary>The path of the native library in use after a successful load, or null.</summary>
    public static string? LoadedFrom { get; private set; }

    /// <summary>True when the loader had to write and use a patched copy.</summary>
    public static bool UsedPatchedCopy { get; private set; }

    /// <summary>
    /// Loads TorchSharp's native library before TorchSharp does, applying the fix where needed, and
    /// registers a resolver that hands the loaded library to TorchSharp's imports. Idempotent;
    /// never throws: a failure is kept in <see cref="LastFailure"/> for
    /// <see cref="TorchRuntime.EnsureLoaded"/> to explain.
    /// </summary>
    /// <remarks>
    /// The load must happen before TorchSharp's first call: TorchSharp probes for its library with
    /// <c>NativeLibrary.TryLoad</c>, which does not consult DllImport resolvers, and finds an
    /// already loaded copy by its soname.
    /// </remarks>
    public static void Install()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _installed, 1) == 1) return;
        if (FixDisabled) return;
        lock (Gate)
        {
            try
            {
                _handle = TryLoad();
            }
            catch (Exception e)
            {
                _failure = "preparing the native library failed: " + e.Message;
            }
        }
        if (_handle == IntPtr.Zero) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another component already resolves TorchSharp's imports; the loaded copy is still found by its soname.
        }
    }

    /// <summary>True once <see cref="Install"/> ran in this process (the process opted in to the fix).</summary>
    public static bool Installed => Volatile.Read(ref _installed) == 1;

    /// <summary>True when <c>TUNEWISE_NATIVE_FIX=1</c> opts the process in without a call in code.</summary>
    public static bool RequestedByEnvironment => Environment.GetEnvironmentVariable("TUNEWISE_NATIVE_FIX") == "1";

    /// <summary>True when <c>TUNEWISE_NATIVE_FIX=0</c> switches the fix off.</summary>
    public static bool FixDisabled => Environment.GetEnvironmentVariable("TUNEWISE_NATIVE_FIX") == "0";

    /// <summary>
    /// Why the shipped library does not load as it is (the system loader's own words), or null
    /// when it loads or cannot be found. Used to explain a failure when the fix is off.
    /// </summary>
    public static string? DescribeShippedLoadError()
    {
        var original = FindShippedLibrary();
        if (original is null) return null;
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(original));
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == LibraryName ? _handle : IntPtr.Zero;

    private static IntPtr TryLoad()
    {
        var original = FindShippedLibrary();
        if (original is null)
        {
            _failure = $"{LibraryFile} was not found next to the application or in its native search folders; the TorchSharp-cpu package's native files are missing.";
            return IntPtr.Zero;
        }
        string error;
        try
        {
            var handle = NativeLibrary.Load(original);
            LoadedFrom = original;
            return handle;
        }
        catch (DllNotFoundException e)
        {
            error = e.Message;
        }
        var missing = MissingVersions(error).ToList();
        if (missing.Count == 0)
        {
            _failure = $"{original} could not be loaded: {error}";
            return IntPtr.Zero;
        }
        try
        {
            var patched = WritePatchedCopy(original, missing);
            var folder = Path.GetDirectoryName(original)!;
            foreach (var dep in Dependencies)
            {
                var path = Path.Combine(folder, dep);
                if (File.Exists(path)) NativeLibrary.Load(path);
            }
            var handle = NativeLibrary.Load(patched);
            LoadedFrom = patched;
            UsedPatchedCopy = true;
            return handle;
        }
        catch (Exception e) when (e is DllNotFoundException or InvalidOperationException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _failure = $"{original} needs {string.Join(", ", missing)} from libstdc++, which this system does not have, and the automatic fix failed: {e.Message}";
            return IntPtr.Zero;
        }
    }

    /// <summary>The version names that a dlopen error reports as missing.</summary>
    internal static IEnumerable<string> MissingVersions(string dlError) =>
        MissingVersionPattern().Matches(dlError).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex(@"version [`']([A-Z]+_[0-9.]+)' not found")]
    private static partial Regex MissingVersionPattern();

    private static string WritePatchedCopy(string original, IReadOnlyList<string> missingVersions)
    {
        var image = File.ReadAllBytes(original);
        var patched = image;
        foreach (var version in missingVersions)
            patched = ElfVersionRequirements.WithWeakRequirement(patched, version, MarkerSymbols);
        var hash = Convert.ToHexString(SHA256.HashData(patched))[..16].ToLowerInvariant();
        // The user cache first; a read-only home (some CI runners, containers) falls back to the temp folder.
        IOException? lastError = null;
        foreach (var root in new[] { CacheRoot(), Path.Combine(Path.GetTempPath(), "tunewise-native") })
        {
            try
            {
                return WriteOnce(Path.Combine(root, hash), patched);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lastError = new IOException($"{root}: {e.Message}", e);
            }
        }
        throw lastError!;
    }

    private static string WriteOnce(string folder, byte[] patched)
    {
        var target = Path.Combine(folder, LibraryFile);
        if (File.Exists(target) && new FileInfo(target).Length == patched.Length) return target;
        Directory.CreateDirectory(folder);
        // Write then rename, so concurrent processes never load a half-written file.
        var temp = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, patched);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    private static string CacheRoot()
    {
        var configured = Environment.GetEnvironmentVariable("TUNEWISE_NATIVE_CACHE");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var baseDir = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : !string.IsNullOrWhiteSpace(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(baseDir, "tunewise", "native");
    }

    /// <summary>Where the shipped native library lies for this application, or null.</summary>
    internal static string? FindShippedLibrary()
    {
        var rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var folders = new List<string> { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native") };
        var torchDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir))
        {
            folders.Add(torchDir);
            folders.Add(Path.Combine(torchDir, "runtimes", rid, "native"));
            // The NuGet package layout: lib/<tfm>/TorchSharp.dll and runtimes/<rid>/native.
            folders.Add(Path.GetFullPath(Path.Combine(torchDir, "..", "..", "runtimes", rid, "native")));
        }
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirs)
            folders.AddRange(searchDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return folders.Select(f => Path.Combine(f, LibraryFile)).FirstOrDefault(File.Exists);
    }
}
