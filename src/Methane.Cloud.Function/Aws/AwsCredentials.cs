namespace Methane.Cloud.Function.Aws;

/// <summary>The execution role's temporary credentials, as Lambda puts them in the environment.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public static AwsCredentials FromEnvironment(Func<string, string?> env)
    {
        string? id = env("AWS_ACCESS_KEY_ID");
        string? secret = env("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            throw new InvalidOperationException("environment AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: missing (Lambda sets them from the execution role)");
        return new AwsCredentials(id, secret, env("AWS_SESSION_TOKEN"));
    }
}
