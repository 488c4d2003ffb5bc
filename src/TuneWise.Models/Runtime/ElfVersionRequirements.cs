using System.Buffers.Binary;
using System.Text;

namespace TuneWise.Models.Runtime;

/// <summary>One entry of an ELF library's version requirements: "this library needs version
/// <see cref="Version"/> of <see cref="File"/>".</summary>
/// <param name="File">The library that must provide the version, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">The version index that the library's symbol-version table refers to.</param>
/// <param name="IsWeak">True when the requirement carries VER_FLG_WEAK, so a missing version is not fatal.</param>
/// <param name="FlagsOffset">File offset of the entry's <c>vna_flags</c> field.</param>
internal sealed record ElfVersionRequirement(string File, string Version, ushort Index, bool IsWeak, int FlagsOffset);

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF
/// shared library. Used to let TorchSharp's native library load on a libstdc++ older than the one
/// it was linked against, when the only symbol needing the newer version is a link-time marker.
/// </summary>
internal static class ElfVersionRequirements
{
    private const uint ShtDynSym = 11;
    private const uint ShtGnuVerNeed = 0x6ffffffe;
    private const uint ShtGnuVerSym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Lists every version requirement of the library image.</summary>
    public static IReadOnlyList<ElfVersionRequirement> Read(byte[] image)
    {
        var sections = ReadSections(image);
        var verneed = sections.FirstOrDefault(s => s.Type == ShtGnuVerNeed)
            ?? throw new InvalidDataException("The library has no .gnu.version_r section.");
        var strtab = sections[(int)verneed.Link];
        var result = new List<ElfVersionRequirement>();
        int offset = checked((int)verneed.Offset);
        for (uint n = 0; n < verneed.Info; n++)
        {
            ushort count = U16(image, offset + 2);
            string file = CString(image, strtab.Offset + U32(image, offset + 4));
            int aux = offset + (int)U32(image, offset + 8);
            for (int a = 0; a < count; a++)
            {
                ushort flags = U16(image, aux + 4);
                ushort index = U16(image, aux + 6);
                string version = CString(image, strtab.Offset + U32(image, aux + 8));
                result.Add(new ElfVersionRequirement(file, version, index, (flags & VerFlgWeak) != 0, aux + 4));
                aux += (int)U32(image, aux + 12);
            }
            uint next = U32(image, offset + 12);
            if (next == 0) break;
            offset += (int)next;
        }
        return result;
    }

    /// <summary>Names of the undefined dynamic symbols that the library binds to a version index.</summary>
    public static IReadOnlyList<string> SymbolsRequiring(byte[] image, ushort versionIndex)
    {
        var sections = ReadSections(image);
        var dynsym = sections.First(s => s.Type == ShtDynSym);
        var versym = sections.First(s => s.Type == ShtGnuVerSym);
        var strtab = sections[(int)dynsym.Link];
        const int symbolSize = 24;
        int count = (int)(dynsym.Size / symbolSize);
        var names = new List<string>();
        for (int i = 0; i < count; i++)
        {
            int sym = (int)dynsym.Offset + i * symbolSize;
            ushort sectionIndex = U16(image, sym + 6);
            ushort version = (ushort)(U16(image, (int)versym.Offset + 2 * i) & 0x7fff);
            if (version == versionIndex && sectionIndex == 0)
                names.Add(CString(image, strtab.Offset + U32(image, sym)));
        }
        return names;
    }

    /// <summary>
    /// Returns a copy of <paramref name="image"/> in which the requirement of
    /// <paramref name="version"/> is weak. Refuses (throws) unless every symbol bound to that
    /// version is in <paramref name="symbolsSafeToLeaveUnbound"/>: weakening a version whose
    /// symbols are really called would turn a clean load failure into a crash later.
    /// </summary>
    public static byte[] WithWeakRequirement(byte[] image, string version, IReadOnlySet<string> symbolsSafeToLeaveUnbound)
    {
        var requirement = Read(image).FirstOrDefault(r => r.Version == version)
            ?? throw new InvalidOperationException($"The library does not require version {version}.");
        var unsafeSymbols = SymbolsRequiring(image, requirement.Index)
            .Where(s => !symbolsSafeToLeaveUnbound.Contains(s)).ToList();
        if (unsafeSymbols.Count > 0)
            throw new InvalidOperationException(
                $"Version {version} is needed by symbols that are really used ({string.Join(", ", unsafeSymbols.Take(5))}); it cannot be made optional.");
        var copy = (byte[])image.Clone();
        ushort flags = U16(copy, requirement.FlagsOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(requirement.FlagsOffset), (ushort)(flags | VerFlgWeak));
        return copy;
    }

    private sealed record Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);

    private static List<Section> ReadSections(byte[] image)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException("Only 64-bit little-endian ELF libraries are supported.");
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28));
        ushort shentsize = U16(image, 0x3A);
        ushort shnum = U16(image, 0x3C);
        var sections = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            int h = checked((int)shoff + i * shentsize);
            sections.Add(new Section(
                U32(image, h + 4),
                BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(h + 0x18)),
                BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(h + 0x20)),
                U32(image, h + 0x28),
                U32(image, h + 0x2C)));
        }
        return sections;
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

    private static string CString(byte[] b, ulong at)
    {
        int start = checked((int)at);
        int end = Array.IndexOf(b, (byte)0, start);
        return Encoding.ASCII.GetString(b, start, end - start);
    }
}
