using System.Text.Json;
using Methane.Cloud.Function.Aws;

namespace Methane.Cloud.Function.Emissions;

/// <summary>
/// A plain-text secret (the InfluxDB token the deployment guide stores) read once per execution environment with Secrets
/// Manager GetSecretValue (JSON 1.1 protocol, SigV4 service "secretsmanager").
/// </summary>
public sealed class SecretsManagerSecret(AwsHttpClient aws, Uri endpoint, string secretId)
{
    private string? _value;

    public static Uri DefaultEndpoint(string region) => new($"https://secretsmanager.{region}.amazonaws.com");

    public async Task<string> ValueAsync(CancellationToken cancel)
    {
        if (_value != null) return _value;
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("SecretId", secretId);
            w.WriteEndObject();
        }
        byte[] body = buffer.ToArray();
        var (status, text) = await aws.SendAsync(HttpMethod.Post, endpoint, "/", [], "secretsmanager", body, "application/x-amz-json-1.1",
            [new("X-Amz-Target", "secretsmanager.GetSecretValue")], cancel).ConfigureAwait(false);
        if (status != 200) throw new AwsCallException("secretsmanager GetSecretValue", status, text);
        using JsonDocument doc = JsonDocument.Parse(text);
        _value = doc.RootElement.TryGetProperty("SecretString", out JsonElement s) && s.GetString() is { Length: > 0 } value
            ? value.Trim()
            : throw new InvalidOperationException($"secret {secretId}: no SecretString (expected the InfluxDB token as plain text)");
        return _value;
    }
}
