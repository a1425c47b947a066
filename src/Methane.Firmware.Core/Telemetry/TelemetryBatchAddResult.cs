namespace Methane.Firmware.Core.Telemetry
{
    /// <summary>Outcome of <see cref="TelemetryBatchBuilder.TryAdd"/>.</summary>
    public enum TelemetryBatchAddResult
    {
        /// <summary>The reading is in the batch.</summary>
        Added = 0,
        /// <summary>The reading would take the message past its size or count limit: send this batch, start a new one, add again.</summary>
        Full = 1,
        /// <summary>The reading alone does not fit an empty batch; it can never be batched with these limits.</summary>
        TooLarge = 2,
        /// <summary>The reading is not encodable (see <see cref="TelemetryEncoder.IsEncodable"/>); nothing was written.</summary>
        InvalidReading = 3,
    }
}
