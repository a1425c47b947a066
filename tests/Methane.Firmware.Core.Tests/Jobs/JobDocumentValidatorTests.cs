using System.Text;
using Methane.Firmware.Core.Jobs;
using Xunit;

namespace Methane.Firmware.Core.Tests.Jobs;

public sealed class JobDocumentValidatorTests
{
    internal const string Running = "1.4.2";
    internal const long SlotCapacity = 1_000_000;
    internal const string Sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // SHA-256("abc"), FIPS 180-4

    private readonly JobDocumentValidator _validator = new(Running, SlotCapacity);
    private readonly JobDocument _doc = new();

    private bool Validate(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return _validator.Validate(bytes, 0, bytes.Length, _doc);
    }

    internal static string Ota(string version = "1.5.0", string url = "https://firmware.example.com/app-1.5.0.pe?X-Amz-Signature=abc%2F",
        string size = "123456", string sha = Sha, string extra = "")
        => $"{{\"operation\":\"ota\",\"version\":\"{version}\",\"url\":\"{url}\",\"size\":{size},\"sha256\":\"{sha}\"{extra}}}";

    [Fact]
    public void A_valid_ota_document_is_accepted_with_every_field_decoded()
    {
        Assert.True(Validate(Ota()), _validator.Reason);
        Assert.Null(_validator.Reason);
        Assert.Equal(JobOperation.Ota, _doc.Operation);
        Assert.Equal("1.5.0", _doc.VersionToString());
        Assert.Equal("https://firmware.example.com/app-1.5.0.pe?X-Amz-Signature=abc%2F", _doc.UrlToString());
        Assert.Equal(123456, _doc.Size);
        Assert.Equal(Convert.FromHexString(Sha), _doc.Sha256);
        Assert.False(_doc.Force);
    }

    [Fact]
    public void Escaped_strings_are_decoded_before_checking()
    {
        Assert.True(Validate("{\"operation\":\"\\u006fta\",\"version\":\"1.5.0\",\"url\":\"https:\\/\\/h\\/x\",\"size\":1,\"sha256\":\""
            + Sha.ToUpperInvariant() + "\"}"), _validator.Reason);
        Assert.Equal("https://h/x", _doc.UrlToString());
        Assert.Equal(Convert.FromHexString(Sha), _doc.Sha256);
    }

    [Fact]
    public void Reboot_and_config_documents_are_accepted()
    {
        Assert.True(Validate("{\"operation\":\"reboot\"}"));
        Assert.Equal(JobOperation.Reboot, _doc.Operation);
        const string json = "{\"operation\":\"config\", \"config\" : {\"publishIntervalS\":60,\"nested\":{\"a\":[1,2]}},\"note\":\"x\"}";
        Assert.True(Validate(json));
        Assert.Equal(JobOperation.Config, _doc.Operation);
        Assert.Equal("{\"publishIntervalS\":60,\"nested\":{\"a\":[1,2]}}", json.Substring(_doc.ConfigOffset, _doc.ConfigLength));
    }

    [Fact]
    public void Unknown_members_are_ignored()
    {
        Assert.True(Validate(Ota(extra: ",\"comment\":{\"deep\":[1,{\"x\":null}]},\"n\":1.5e3")), _validator.Reason);
    }

    [Theory]
    // document
    [InlineData("", "document: not valid JSON")]
    [InlineData("[]", "document: not a JSON object")]
    [InlineData("\"ota\"", "document: not a JSON object")]
    [InlineData("{\"operation\":\"reboot\"", "document: not valid JSON")]
    [InlineData("{\"operation\":\"reboot\"} x", "document: not valid JSON")]
    [InlineData("{\"operation\":\"reboot\",}", "document: not valid JSON")]
    [InlineData("{\"operation\":\"reboot\",\"x\":[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}", "document: nested too deeply")]
    // operation
    [InlineData("{}", "operation: missing")]
    [InlineData("{\"operation\":1}", "operation: not a string")]
    [InlineData("{\"operation\":\"OTA\"}", "operation: unknown (expected ota, reboot or config)")]
    [InlineData("{\"operation\":\"format-flash\"}", "operation: unknown (expected ota, reboot or config)")]
    [InlineData("{\"operation\":\"reboot\",\"operation\":\"ota\"}", "operation: duplicate")]
    // config
    [InlineData("{\"operation\":\"config\"}", "config: missing")]
    [InlineData("{\"operation\":\"config\",\"config\":[1]}", "config: not an object")]
    // force
    [InlineData("{\"operation\":\"reboot\",\"force\":\"yes\"}", "force: not a boolean")]
    public void Malformed_documents_are_rejected_with_the_field_named(string json, string reason)
    {
        Assert.False(Validate(json));
        Assert.Equal(reason, _validator.Reason);
    }

    public static IEnumerable<object[]> OtaRejections() => new[]
    {
        new object[] { Ota(version: "1.4.1"), "version: not newer than the running firmware (set force: true to allow)" },
        new object[] { Ota(version: "1.4.2"), "version: not newer than the running firmware (set force: true to allow)" },
        new object[] { Ota(version: "1.4.2+build.7"), "version: not newer than the running firmware (set force: true to allow)" },
        new object[] { Ota(version: "1.4.3-rc.1", extra: ""), null! }, // a pre-release of a newer patch is newer
        new object[] { Ota(version: "1.4.2-rc.1"), "version: not newer than the running firmware (set force: true to allow)" },
        new object[] { Ota(version: "1.5"), "version: not a semantic version (MAJOR.MINOR.PATCH, at most 32 characters)" },
        new object[] { Ota(version: "v1.5.0"), "version: not a semantic version (MAJOR.MINOR.PATCH, at most 32 characters)" },
        new object[] { Ota().Replace("\"version\":\"1.5.0\",", ""), "version: missing" },
        new object[] { Ota().Replace("\"1.5.0\"", "150"), "version: not a string" },
        new object[] { Ota(url: "http://firmware.example.com/a.pe"), "url: not https" },
        new object[] { Ota(url: "ftp://firmware.example.com/a.pe"), "url: not https" },
        new object[] { Ota(url: "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/a.pe}"), "url: not https" },
        new object[] { Ota(url: "https://"), "url: no host" },
        new object[] { Ota(url: "https:///path"), "url: no host" },
        new object[] { Ota(url: "https://user:pw@evil.example/a"), "url: credentials are not allowed" },
        new object[] { Ota(url: "https://h/a b"), "url: invalid character" },
        new object[] { Ota(url: "https://h/\\u0000"), "url: invalid character" },
        new object[] { Ota(url: "https://h/" + new string('a', 2039)), "url: longer than 2048 bytes" },
        new object[] { Ota().Replace("\"url\":\"https://firmware.example.com/app-1.5.0.pe?X-Amz-Signature=abc%2F\",", ""), "url: missing" },
        new object[] { Ota(size: "0"), "size: must be greater than 0" },
        new object[] { Ota(size: "-1"), "size: must be greater than 0" },
        new object[] { Ota(size: "1000001"), "size: larger than the image slot" },
        new object[] { Ota(size: "12.5"), "size: not an integer" },
        new object[] { Ota(size: "1e3"), "size: not an integer" },
        new object[] { Ota(size: "99999999999999999999"), "size: not an integer" },
        new object[] { Ota(size: "\"123\""), "size: not a number" },
        new object[] { Ota().Replace(",\"size\":123456", ""), "size: missing" },
        new object[] { Ota(sha: Sha.Substring(1)), "sha256: not 64 hex digits" },
        new object[] { Ota(sha: Sha + "0"), "sha256: not 64 hex digits" },
        new object[] { Ota(sha: "g" + Sha.Substring(1)), "sha256: not 64 hex digits" },
        new object[] { Ota().Replace(",\"sha256\":\"" + Sha + "\"", ""), "sha256: missing" },
        new object[] { Ota(extra: ",\"url\":\"https://other/\""), "url: duplicate" },
    };

    [Theory]
    [MemberData(nameof(OtaRejections))]
    public void Ota_field_problems_are_rejected_with_the_field_named(string json, string? reason)
    {
        Assert.Equal(reason == null, Validate(json));
        Assert.Equal(reason, _validator.Reason);
    }

    [Fact]
    public void Force_allows_an_equal_or_older_version()
    {
        Assert.True(Validate(Ota(version: "1.0.0", extra: ",\"force\":true")), _validator.Reason);
        Assert.True(_doc.Force);
        Assert.False(Validate(Ota(version: "1.0.0", extra: ",\"force\":false")));
    }

    [Fact]
    public void Size_limit_is_32_KB_exactly()
    {
        string baseDoc = "{\"operation\":\"reboot\",\"pad\":\"\"}";
        string fits = baseDoc.Insert(baseDoc.Length - 2, new string('p', 32768 - baseDoc.Length));
        Assert.Equal(32768, fits.Length);
        Assert.True(Validate(fits), _validator.Reason);
        string tooBig = baseDoc.Insert(baseDoc.Length - 2, new string('p', 32769 - baseDoc.Length));
        Assert.False(Validate(tooBig));
        Assert.Equal("document: larger than 32768 bytes", _validator.Reason);
    }

    [Fact]
    public void Validation_allocates_nothing()
    {
        var ok = Encoding.UTF8.GetBytes(Ota());
        var bad = Encoding.UTF8.GetBytes(Ota(url: "http://x/"));
        _validator.Validate(ok, 0, ok.Length, _doc);
        _validator.Validate(bad, 0, bad.Length, _doc);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _validator.Validate(ok, 0, ok.Length, _doc);
            _validator.Validate(bad, 0, bad.Length, _doc);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void A_running_version_that_is_not_semver_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new JobDocumentValidator("1.0", SlotCapacity));
    }
}
