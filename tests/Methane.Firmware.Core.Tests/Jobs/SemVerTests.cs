using Methane.Firmware.Core.Jobs;
using Xunit;

namespace Methane.Firmware.Core.Tests.Jobs;

public sealed class SemVerTests
{
    private static SemVer Parse(string s)
    {
        var v = new SemVer();
        Assert.True(v.TryParse(s), s);
        return v;
    }

    [Fact]
    public void Precedence_follows_the_semver_2_0_0_specification_examples()
    {
        // semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11
        // < 1.0.0-rc.1 < 1.0.0, and 1.0.0 < 2.0.0 < 2.1.0 < 2.1.1.
        string[] ordered =
        {
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0",
        };
        for (int i = 0; i < ordered.Length; i++)
        {
            for (int j = 0; j < ordered.Length; j++)
            {
                int expected = i.CompareTo(j);
                Assert.Equal(expected, Math.Sign(SemVer.Compare(Parse(ordered[i]), Parse(ordered[j]))));
            }
        }
    }

    [Fact]
    public void Build_metadata_is_ignored_in_precedence()
    {
        // §10: 1.0.0+20130313144700 and 1.0.0-beta+exp.sha.5114f85 are valid; build metadata does not affect precedence.
        Assert.Equal(0, SemVer.Compare(Parse("1.0.0+20130313144700"), Parse("1.0.0")));
        Assert.Equal(0, SemVer.Compare(Parse("1.0.0-beta+exp.sha.5114f85"), Parse("1.0.0-beta")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.02.0")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0-alpha..1")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0+a..b")]
    [InlineData("1.0.0-al_pha")]
    [InlineData("1.0.0 ")]
    [InlineData("1.0.0.0")]
    [InlineData("-1.0.0")]
    [InlineData("1000000000000.0.0")]
    [InlineData("1.0.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 33 characters
    public void Invalid_versions_are_refused(string text)
    {
        var v = new SemVer();
        Assert.False(v.TryParse(text));
    }

    [Theory]
    [InlineData("0.0.0", 0, 0, 0)]
    [InlineData("1.2.3", 1, 2, 3)]
    [InlineData("999999999999.0.1", 999999999999, 0, 1)]
    [InlineData("1.0.0-0A.is.legal", 1, 0, 0)]
    [InlineData("1.0.0-x-y-z.--", 1, 0, 0)]
    public void Valid_versions_parse(string text, long major, long minor, long patch)
    {
        var v = Parse(text);
        Assert.Equal((major, minor, patch), (v.Major, v.Minor, v.Patch));
    }

    [Fact]
    public void Numeric_identifiers_sort_before_alphanumeric_and_compare_numerically()
    {
        Assert.True(SemVer.Compare(Parse("1.0.0-2"), Parse("1.0.0-10")) < 0);
        Assert.True(SemVer.Compare(Parse("1.0.0-999"), Parse("1.0.0-a")) < 0);
        Assert.True(SemVer.Compare(Parse("1.0.0-B"), Parse("1.0.0-a")) < 0); // ASCII order: 'B' (0x42) < 'a' (0x61)
    }
}
