namespace Methane.Telemetry;

/// <summary>
/// Why a payload was rejected. <see cref="Path"/> names the field (<c>ch4_ppm</c>, <c>[3].ch4_ppm</c> in a batch, <c>$</c>
/// for the whole payload); <see cref="Value"/> is the offending JSON text (shortened) or <c>(missing)</c>.
/// </summary>
public sealed record TelemetryDecodeError(string Path, string Value, string Expected)
{
    public string Message => $"{Path}: got {Value}, expected {Expected}";

    public override string ToString() => Message;
}

/// <summary>Outcome of <see cref="TelemetryDecoder.Decode(ReadOnlySpan{byte})"/>: readings, or the first error.</summary>
public sealed class TelemetryDecodeResult
{
    private TelemetryDecodeResult(IReadOnlyList<TelemetryReading> readings, bool isBatch, TelemetryDecodeError? error)
    {
        Readings = readings;
        IsBatch = isBatch;
        Error = error;
    }

    public bool Success => Error is null;

    /// <summary>True when the payload was a JSON array (a batch), even a rejected one.</summary>
    public bool IsBatch { get; }

    /// <summary>The decoded readings (one for a single object); empty on failure.</summary>
    public IReadOnlyList<TelemetryReading> Readings { get; }

    public TelemetryDecodeError? Error { get; }

    internal static TelemetryDecodeResult Ok(IReadOnlyList<TelemetryReading> readings, bool isBatch) => new(readings, isBatch, null);

    internal static TelemetryDecodeResult Fail(TelemetryDecodeError error, bool isBatch) => new([], isBatch, error);
}
