using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Field;

namespace Methane.Firmware.Host.Commands;

/// <summary>
/// <c>job create</c>: from a firmware image, the OTA job document (operation, version, S3 presigned-URL placeholder, size,
/// sha256) checked by the device's own <see cref="JobDocumentValidator"/>, written to a file, and the matching
/// <c>aws s3 cp</c> + <c>aws iot create-job</c> command lines.
/// </summary>
public static partial class JobCommand
{
    public const string DefaultBucket = "methane-firmware";
    public const long DefaultSlotBytes = 1024 * 1024;
    private const string Placeholder = "${aws:iot:s3-presigned-url:";

    private const string Usage =
        "usage: methane-host job create --image FILE --version X.Y.Z (--thing T | --group G) [options]\n" +
        "  --bucket B           S3 bucket of the image (default " + DefaultBucket + ")\n" +
        "  --key K              S3 key (default fw/X.Y.Z/FILENAME)\n" +
        "  --force              allow a version that is not newer than the running one (document gets \"force\": true)\n" +
        "  --job-id ID          default ota-X-Y-Z\n" +
        "  --out FILE           job document path (default ./ID.json)\n" +
        "  --fleet-version V    check the document as a device running V would (default 0.0.0: no downgrade check)\n" +
        "  --slot-bytes N       device image slot size (default 1048576)\n" +
        "  --role-arn ARN       IAM role IoT assumes to presign the URL (default arn:aws:iam::${AWS_ACCOUNT_ID}:role/methane-ota-presign)\n" +
        "  --expires-in SEC     presigned URL lifetime, 60..3600 (default 3600)\n" +
        "  --region R --account A   for the target ARN (default ${AWS_REGION} and ${AWS_ACCOUNT_ID}, left to the shell)";

    /// <summary>The result of <see cref="Build"/>: the document and the command lines.</summary>
    public sealed record Plan(string JobId, string Document, string DocumentPath, long Size, string Sha256, string ImageUrl,
        string UploadCommand, string CreateJobCommand);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] != "create")
        {
            stderr.WriteLine($"job: unknown job command '{args[0]}' (try 'job help')");
            return 2;
        }
        if (!TryBuild(args[1..], out Plan? plan, out string error, out int code))
        {
            stderr.WriteLine("job create: " + error);
            return code;
        }
        try
        {
            File.WriteAllText(plan!.DocumentPath, plan.Document + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("job create: cannot write " + plan!.DocumentPath + ": " + e.Message);
            return 1;
        }
        stdout.WriteLine($"# job document {plan.DocumentPath}: {plan.Size} bytes, sha256 {plan.Sha256} (checked by the device validator)");
        stdout.WriteLine(plan.UploadCommand);
        stdout.WriteLine(plan.CreateJobCommand);
        return 0;
    }

    /// <summary>Parses and checks everything, hashes the image and builds the document; writes nothing.</summary>
    /// <param name="code">2 for a usage error, 1 for a bad image or a document the device would reject.</param>
    public static bool TryBuild(string[] args, out Plan? plan, out string error, out int code)
    {
        plan = null;
        code = 2;
        string[] valued =
        {
            "--image", "--version", "--bucket", "--key", "--thing", "--group", "--job-id", "--out", "--fleet-version",
            "--slot-bytes", "--role-arn", "--expires-in", "--region", "--account",
        };
        if (!CommandArguments.TryParse(args, valued, new[] { "--force" }, out CommandArguments a, out error)) return false;
        if (a.Positional.Count > 0) return Fail($"unexpected argument '{a.Positional[0]}'", out error);

        string? image = a.Option("--image");
        string? version = a.Option("--version");
        if (image == null) return Fail("--image FILE is required", out error);
        if (version == null) return Fail("--version X.Y.Z is required", out error);
        if (!new SemVer().TryParse(version)) return Fail($"--version '{version}' is not a semantic version (X.Y.Z)", out error);

        string? thing = a.Option("--thing");
        string? group = a.Option("--group");
        if ((thing == null) == (group == null)) return Fail("give exactly one target: --thing T or --group G", out error);
        if (thing != null && !TopicNames.IsValidThingName(thing)) return Fail($"--thing '{thing}' is not a valid thing name", out error);
        if (group != null && !GroupName().IsMatch(group)) return Fail($"--group '{group}' is not a valid thing group name", out error);

        string bucket = a.Option("--bucket") ?? DefaultBucket;
        if (!BucketName().IsMatch(bucket) || bucket.Contains("..")) return Fail($"--bucket '{bucket}' is not a valid S3 bucket name", out error);
        string key = a.Option("--key") ?? "fw/" + version + "/" + Path.GetFileName(image);
        if (key.Length == 0 || key.Length > 1024 || key.StartsWith('/') || key.Any(char.IsControl))
            return Fail($"--key '{key}' is not a valid S3 key", out error);

        string jobId = a.Option("--job-id") ?? "ota-" + version.Replace('.', '-').Replace('+', '-');
        if (!TopicNames.IsValidJobId(jobId)) return Fail($"--job-id '{jobId}' is not a valid job id (letters, digits, - and _, at most 64)", out error);

        string fleetVersion = a.Option("--fleet-version") ?? "0.0.0";
        if (!new SemVer().TryParse(fleetVersion)) return Fail($"--fleet-version '{fleetVersion}' is not a semantic version", out error);
        long slotBytes = DefaultSlotBytes;
        if (a.Option("--slot-bytes") is string sb && (!long.TryParse(sb, NumberStyles.None, CultureInfo.InvariantCulture, out slotBytes) || slotBytes <= 0))
            return Fail($"--slot-bytes '{sb}' is not a positive number", out error);
        int expires = 3600;
        if (a.Option("--expires-in") is string ex && (!int.TryParse(ex, NumberStyles.None, CultureInfo.InvariantCulture, out expires) || expires < 60 || expires > 3600))
            return Fail($"--expires-in '{ex}' must be 60..3600 seconds (AWS IoT presigned URL limits)", out error);
        string region = a.Option("--region") ?? "${AWS_REGION}";
        string account = a.Option("--account") ?? "${AWS_ACCOUNT_ID}";
        string roleArn = a.Option("--role-arn") ?? "arn:aws:iam::" + account + ":role/methane-ota-presign";
        if (!roleArn.StartsWith("arn:aws", StringComparison.Ordinal) || roleArn.Contains(',') || roleArn.Contains(' '))
            return Fail($"--role-arn '{roleArn}' is not an IAM role ARN", out error);

        code = 1;
        long size;
        string sha;
        byte[] imageBytes;
        try
        {
            imageBytes = File.ReadAllBytes(image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot read --image '{image}': {e.Message}", out error);
        }
        size = imageBytes.Length;
        if (size == 0) return Fail($"--image '{image}' is empty", out error);
        if (ApplicationImageBuilder.Check(imageBytes) is string notAnImage)
            return Fail($"--image '{image}' is not an application image: {notAnImage}", out error);
        sha = Convert.ToHexString(SHA256.HashData(imageBytes)).ToLowerInvariant();

        string objectUrl = "https://" + bucket + ".s3.amazonaws.com/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        string document = Document(version, Placeholder + objectUrl + "}", size, sha, a.Flag("--force"));
        // IoT replaces the placeholder with the presigned https URL before the device sees the document: validate that form.
        string asDelivered = Document(version, objectUrl + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=" + expires, size, sha, a.Flag("--force"));
        var validator = new JobDocumentValidator(fleetVersion, slotBytes);
        byte[] bytes = Encoding.UTF8.GetBytes(asDelivered);
        if (!validator.Validate(bytes, 0, bytes.Length, new JobDocument()))
        {
            return Fail("the device would reject this document: " + validator.Reason, out error);
        }
        if (Encoding.UTF8.GetByteCount(document) > JobDocument.MaxDocumentBytes) return Fail("document larger than 32 KB", out error);

        string documentPath = Path.GetFullPath(a.Option("--out") ?? jobId + ".json");
        string target = thing != null
            ? "arn:aws:iot:" + region + ":" + account + ":thing/" + thing
            : "arn:aws:iot:" + region + ":" + account + ":thinggroup/" + group;
        string upload = "aws s3 cp " + Quote(Path.GetFullPath(image)) + " " + Quote("s3://" + bucket + "/" + key);
        string create = "aws iot create-job --job-id " + jobId
            + " --targets " + Quote(target)
            + " --document " + Quote("file://" + documentPath)
            + " --presigned-url-config " + Quote("roleArn=" + roleArn + ",expiresInSec=" + expires)
            + " --target-selection SNAPSHOT"
            + " --description " + Quote("methane firmware " + version);
        plan = new Plan(jobId, document, documentPath, size, sha, objectUrl, upload, create);
        error = "";
        code = 0;
        return true;
    }

    internal static string Document(string version, string url, long size, string sha, bool force)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("operation", "ota");
            w.WriteString("version", version);
            w.WriteString("url", url);
            w.WriteNumber("size", size);
            w.WriteString("sha256", sha);
            if (force) w.WriteBoolean("force", true);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Single-quoted for a POSIX shell; the ${…} defaults are left outside quotes so the shell expands them.</summary>
    private static string Quote(string s)
    {
        if (s.Contains("${")) return "\"" + s.Replace("\"", "\\\"") + "\"";
        return "'" + s.Replace("'", "'\\''") + "'";
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[a-zA-Z0-9:_-]{1,128}$")]
    private static partial Regex GroupName();
}
