namespace Methane.Broker;

public enum TopicAccess
{
    /// <summary>PUBLISH to exactly the topics the pattern names.</summary>
    Publish,

    /// <summary>SUBSCRIBE to the pattern or any narrower filter, and receive what it matches.</summary>
    Subscribe,
}

/// <summary>
/// One line of the per-thing policy. A pattern is '/'-separated levels: a literal, <c>{thing}</c> (the certificate CN),
/// <c>{site}</c> (the thing's registered site), <c>{jobId}</c> (one level, an AWS job id), or — in subscribe patterns only —
/// <c>+</c> and a final <c>#</c>.
/// </summary>
public sealed record TopicRule(TopicAccess Access, string Pattern)
{
    public const string Thing = "{thing}";
    public const string Site = "{site}";
    public const string JobId = "{jobId}";

    public string[] Levels { get; } = Pattern.Split('/');

    public bool UsesSite => Array.IndexOf(Levels, Site) >= 0;
}
