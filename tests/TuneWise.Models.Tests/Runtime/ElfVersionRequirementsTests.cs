using TuneWise.Models.Runtime;

namespace TuneWise.Models.Tests.Runtime;

public class ElfVersionRequirementsTests
{
    private static readonly HashSet<string> Marker = ["_ZSt21ios_base_library_initv"];

    private static byte[] ShippedLibrary()
    {
        var path = TorchNativeLoader.FindShippedLibrary();
        Assert.NotNull(path);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void The_shipped_library_needs_GLIBCXX_3_4_32_only_for_the_ios_base_marker()
    {
        var image = ShippedLibrary();
        var requirement = Assert.Single(ElfVersionRequirements.Read(image), r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", requirement.File);
        Assert.False(requirement.IsWeak);
        Assert.Equal(["_ZSt21ios_base_library_initv"], ElfVersionRequirements.SymbolsRequiring(image, requirement.Index));
    }

    [Fact]
    public void Weakening_changes_exactly_one_flag_and_nothing_else()
    {
        var image = ShippedLibrary();
        var patched = ElfVersionRequirements.WithWeakRequirement(image, "GLIBCXX_3.4.32", Marker);
        var changed = Enumerable.Range(0, image.Length).Where(i => image[i] != patched[i]).ToList();
        Assert.Single(changed);
        var after = ElfVersionRequirements.Read(patched);
        Assert.True(after.Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(after.Where(r => r.Version != "GLIBCXX_3.4.32"), r => Assert.False(r.IsWeak));
    }

    [Fact]
    public void A_version_whose_symbols_are_really_called_is_never_weakened()
    {
        var image = ShippedLibrary();
        var error = Assert.Throws<InvalidOperationException>(() =>
            ElfVersionRequirements.WithWeakRequirement(image, "GLIBCXX_3.4.30", Marker));
        Assert.Contains("really used", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_elf_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionRequirements.Read(new byte[128]));
    }
}
