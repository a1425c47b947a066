using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Host.Commands;
using Xunit;

namespace Methane.Firmware.Host.Tests.Jobs;

/// <summary>Issue 4, item 6: <c>methane-host job create</c> builds the document the device accepts and the matching aws CLI lines.</summary>
public sealed class JobCreateCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "methane-jobcmd-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _image;

    public JobCreateCommandTests()
    {
        Directory.CreateDirectory(_dir);
        _image = Path.Combine(_dir, "app.img");
        // The smallest application image: "MAI1", 1 assembly of 9 bytes named "App", then "NFMRK1abc" (22 bytes; SHA-256
        // from coreutils' sha256sum of the same bytes written with printf).
        File.WriteAllBytes(_image, Encoding.ASCII.GetBytes("MAI1\u0001\u0009\0\0\0\u0003AppNFMRK1abc"));
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = JobCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_document_carries_size_sha256_version_and_the_presigned_url_placeholder()
    {
        string doc = Path.Combine(_dir, "ota.json");
        var (code, stdout, stderr) = Run("create", "--image", _image, "--version", "1.1.0", "--bucket", "acme-fw", "--key", "fw/1.1.0/app.pe",
            "--group", "site-north", "--out", doc, "--region", "eu-west-1", "--account", "123456789012");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(doc));
        JsonElement root = json.RootElement;
        Assert.Equal("ota", root.GetProperty("operation").GetString());
        Assert.Equal("1.1.0", root.GetProperty("version").GetString());
        Assert.Equal(22, root.GetProperty("size").GetInt64());
        Assert.Equal("60d778153d2ae56dd8b73dfc65b6f6d6f9a8475604c9844d14fe05d4865ce581", root.GetProperty("sha256").GetString());
        Assert.Equal("${aws:iot:s3-presigned-url:https://acme-fw.s3.amazonaws.com/fw/1.1.0/app.pe}", root.GetProperty("url").GetString());
        Assert.False(root.TryGetProperty("force", out _));

        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("aws s3 cp '" + _image + "' 's3://acme-fw/fw/1.1.0/app.pe'", lines[1]);
        Assert.Equal("aws iot create-job --job-id ota-1-1-0 --targets 'arn:aws:iot:eu-west-1:123456789012:thinggroup/site-north' " +
            "--document 'file://" + doc + "' " +
            "--presigned-url-config 'roleArn=arn:aws:iam::123456789012:role/methane-ota-presign,expiresInSec=3600' " +
            "--target-selection SNAPSHOT --description 'methane firmware 1.1.0'", lines[2]);
    }

    [Fact]
    public void The_device_validator_accepts_the_document_once_iot_has_substituted_the_url()
    {
        string doc = Path.Combine(_dir, "ota.json");
        Assert.Equal(0, Run("create", "--image", _image, "--version", "1.1.0", "--thing", "board-0042", "--out", doc).Code);
        string text = File.ReadAllText(doc);
        // What AWS IoT delivers: the placeholder replaced by a presigned https URL.
        string delivered = text.Replace("${aws:iot:s3-presigned-url:", "").Replace("}\",", "?X-Amz-Signature=abc\",");
        byte[] bytes = Encoding.UTF8.GetBytes(delivered);
        var validator = new JobDocumentValidator("1.0.0", 1024 * 1024);
        var parsed = new JobDocument();
        Assert.True(validator.Validate(bytes, 0, bytes.Length, parsed), validator.Reason);
        Assert.Equal(JobOperation.Ota, parsed.Operation);
        Assert.Equal(22, parsed.Size);
        Assert.Equal(Convert.FromHexString("60d778153d2ae56dd8b73dfc65b6f6d6f9a8475604c9844d14fe05d4865ce581"), parsed.Sha256);
        Assert.StartsWith("https://methane-firmware.s3.amazonaws.com/fw/1.1.0/app.img?", parsed.UrlToString());
    }

    [Fact]
    public void A_downgrade_is_refused_unless_forced_and_forcing_writes_the_flag()
    {
        var (code, _, stderr) = Run("create", "--image", _image, "--version", "1.0.0", "--thing", "t1", "--fleet-version", "1.2.0",
            "--out", Path.Combine(_dir, "a.json"));
        Assert.Equal(1, code);
        Assert.StartsWith("job create: the device would reject this document: version:", stderr.TrimEnd());
        string doc = Path.Combine(_dir, "b.json");
        Assert.Equal(0, Run("create", "--image", _image, "--version", "1.0.0", "--thing", "t1", "--fleet-version", "1.2.0", "--force", "--out", doc).Code);
        Assert.True(JsonDocument.Parse(File.ReadAllText(doc)).RootElement.GetProperty("force").GetBoolean());
    }

    [Theory]
    [InlineData(2, "--version X.Y.Z is required", "create", "--image", "IMG", "--thing", "t1")]
    [InlineData(2, "is not a semantic version", "create", "--image", "IMG", "--version", "1.1", "--thing", "t1")]
    [InlineData(2, "exactly one target", "create", "--image", "IMG", "--version", "1.1.0")]
    [InlineData(2, "exactly one target", "create", "--image", "IMG", "--version", "1.1.0", "--thing", "a", "--group", "b")]
    [InlineData(2, "not a valid S3 bucket name", "create", "--image", "IMG", "--version", "1.1.0", "--thing", "t1", "--bucket", "Bad_Bucket")]
    [InlineData(2, "must be 60..3600", "create", "--image", "IMG", "--version", "1.1.0", "--thing", "t1", "--expires-in", "7200")]
    [InlineData(2, "not a valid job id", "create", "--image", "IMG", "--version", "1.1.0", "--thing", "t1", "--job-id", "a b")]
    [InlineData(2, "unknown option '--bogus'", "create", "--image", "IMG", "--version", "1.1.0", "--thing", "t1", "--bogus", "x")]
    [InlineData(1, "cannot read --image", "create", "--image", "MISSING", "--version", "1.1.0", "--thing", "t1")]
    [InlineData(1, "size:", "create", "--image", "IMG", "--version", "1.1.0", "--thing", "t1", "--slot-bytes", "2")]
    [InlineData(2, "unknown job command", "delete")]
    public void Bad_input_gives_one_clear_line_and_no_document(int expectedCode, string message, params string[] args)
    {
        string[] resolved = args.Select(a => a == "IMG" ? _image : a == "MISSING" ? Path.Combine(_dir, "none.pe") : a)
            .Concat(args[0] == "create" ? new[] { "--out", Path.Combine(_dir, "x.json") } : Array.Empty<string>()).ToArray();
        var (code, stdout, stderr) = Run(resolved);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "x.json")));
    }

    [Fact]
    public void A_bare_assembly_is_refused_with_how_to_pack_it()
    {
        string bare = Path.Combine(_dir, "Methane.Firmware.Device.App.pe");
        File.WriteAllBytes(bare, "NFMRK1abc"u8.ToArray());
        var (code, stdout, stderr) = Run("create", "--image", bare, "--version", "1.1.0", "--thing", "t1", "--out", Path.Combine(_dir, "b.json"));
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("is not an application image", stderr);
        Assert.Contains("board image", stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "b.json")));
    }

    [Fact]
    public void An_empty_image_is_refused()
    {
        string empty = Path.Combine(_dir, "empty.pe");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        var (code, _, stderr) = Run("create", "--image", empty, "--version", "1.1.0", "--thing", "t1", "--out", Path.Combine(_dir, "e.json"));
        Assert.Equal(1, code);
        Assert.Contains("is empty", stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
