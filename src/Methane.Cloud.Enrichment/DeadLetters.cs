using System.Collections.Concurrent;

namespace Methane.Cloud.Enrichment;

/// <summary>A message that was not stored, with the reason: which field, which value. Never dropped silently.</summary>
/// <param name="Reason">Category that is counted (e.g. <c>invalid-field</c>, <c>site-topic-mismatch</c>).</param>
/// <param name="Field">The offending field path (<c>ch4_ppm</c>, <c>[3].seq</c>, <c>$</c> for the whole payload).</param>
/// <param name="Value">The offending value as received (shortened).</param>
/// <param name="Expected">What the contract wanted instead.</param>
public sealed record DeadLetter(string Topic, string Reason, string? Field, string? Value, string? Expected, long ReceivedMs, int PayloadBytes, string PayloadExcerpt)
{
    public const int MaxExcerpt = 256;
    public const int MaxValue = 64;

    public static DeadLetter Create(string topic, string reason, string? field, string? value, long receivedMs, ReadOnlySpan<byte> payload, string? expected = null)
    {
        // Invalid UTF-8 becomes U+FFFD: the excerpt is for people, the counters are what is monitored.
        string excerpt = System.Text.Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, MaxExcerpt)]);
        return new DeadLetter(topic, reason, field, Clip(value, MaxValue), expected, receivedMs, payload.Length, excerpt);
    }

    public static string? Clip(string? s, int max) => s == null || s.Length <= max ? s : s[..max] + "…";
}

public interface IDeadLetterSink
{
    void Write(DeadLetter letter);
}

/// <summary>Counts dead letters per reason and forwards them; the counters are what the pipeline reports.</summary>
public sealed class CountingDeadLetterSink : IDeadLetterSink
{
    private readonly IDeadLetterSink? _inner;
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private long _total;

    public CountingDeadLetterSink(IDeadLetterSink? inner = null) => _inner = inner;

    public long Total => Interlocked.Read(ref _total);

    public IReadOnlyDictionary<string, long> ByReason => new Dictionary<string, long>(_byReason);

    public void Write(DeadLetter letter)
    {
        Interlocked.Increment(ref _total);
        _byReason.AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        _inner?.Write(letter);
    }
}

/// <summary>Keeps dead letters in memory (tests, the cloud handler's response).</summary>
public sealed class ListDeadLetterSink : IDeadLetterSink
{
    private readonly ConcurrentQueue<DeadLetter> _letters = new();
    public IReadOnlyList<DeadLetter> Letters => _letters.ToArray();
    public void Write(DeadLetter letter) => _letters.Enqueue(letter);
}
