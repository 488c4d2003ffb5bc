namespace TuneWise.Reports.Tests;

public class FormatsTests
{
    [Theory]
    [InlineData(26095, "26095")]
    [InlineData(100000, "100000")]
    [InlineData(32, "32")]
    [InlineData(-3, "-3")]
    [InlineData(0.93356, "0.9336")]
    [InlineData(12345.6, "1.235E+04")]
    [InlineData(7.47e-5, "7.47E-05")]
    [InlineData(2e12, "2E+12")]
    public void Whole_numbers_such_as_trial_numbers_are_written_out_and_others_keep_four_digits(double value, string expected) =>
        Assert.Equal(expected, Formats.Number(value));

    [Fact]
    public void Counts_carry_thousands_separators_whatever_the_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("100,000", Formats.Count(100_000));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }
}
