using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Telemetry
{
    /// <summary>
    /// Builds a batch message (a JSON array of schema v1 reading objects, for dt/methane/{site}/{thing}/batch) in a
    /// caller-owned buffer. A reading that would take the finished message past <see cref="MaxMessageBytes"/> (default
    /// 5120 bytes, one AWS IoT billing unit) or past <see cref="MaxReadings"/> is refused with
    /// <see cref="TelemetryBatchAddResult.Full"/> so the caller can send the batch and start a new one. Allocates nothing
    /// after construction.
    /// </summary>
    public sealed class TelemetryBatchBuilder
    {
        public const int DefaultMaxMessageBytes = 5120;

        /// <summary>Schema v1 <c>maxItems</c> of a batch.</summary>
        public const int MaxReadings = 100;

        private readonly TelemetryEncoder _encoder;
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly int _maxMessageBytes;
        private int _count;
        private bool _finished;

        /// <summary>Uses <paramref name="buffer"/> from index 0 with the default limit (or the buffer size if smaller).</summary>
        public TelemetryBatchBuilder(TelemetryEncoder encoder, byte[] buffer)
            : this(encoder, buffer, 0, buffer.Length, DefaultMaxMessageBytes)
        {
        }

        /// <summary>
        /// Uses <paramref name="capacity"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>; the message
        /// never exceeds the smaller of <paramref name="capacity"/> and <paramref name="maxMessageBytes"/>.
        /// </summary>
        public TelemetryBatchBuilder(TelemetryEncoder encoder, byte[] buffer, int offset, int capacity, int maxMessageBytes)
        {
            if (encoder == null)
            {
                throw new System.ArgumentNullException("encoder");
            }
            _encoder = encoder;
            _maxMessageBytes = maxMessageBytes < capacity ? maxMessageBytes : capacity;
            if (_maxMessageBytes < 2)
            {
                throw new System.ArgumentOutOfRangeException("maxMessageBytes");
            }
            _writer.Reset(buffer, offset, _maxMessageBytes);
            Reset();
        }

        /// <summary>Effective size limit of one message in bytes.</summary>
        public int MaxMessageBytes { get { return _maxMessageBytes; } }

        /// <summary>Readings in the current batch.</summary>
        public int Count { get { return _count; } }

        public byte[] Buffer { get { return _writer.Buffer; } }

        /// <summary>Index in <see cref="Buffer"/> where the message starts.</summary>
        public int Offset { get { return _writer.Offset; } }

        /// <summary>Bytes written so far; after <see cref="Finish"/> the length of the complete message.</summary>
        public int Length { get { return _writer.Length; } }

        public bool IsFinished { get { return _finished; } }

        /// <summary>Discards the current batch and starts an empty one.</summary>
        public void Reset()
        {
            _writer.Reset();
            _writer.BeginArray();
            _count = 0;
            _finished = false;
        }

        /// <summary>Appends the reading if the finished message still fits the limits.</summary>
        public TelemetryBatchAddResult TryAdd(Reading reading)
        {
            if (!TelemetryEncoder.IsEncodable(reading))
            {
                return TelemetryBatchAddResult.InvalidReading;
            }
            if (_finished || _count >= MaxReadings)
            {
                return TelemetryBatchAddResult.Full;
            }
            JsonWriterMark mark = _writer.Mark();
            _encoder.WriteReading(_writer, reading);
            // One byte stays free for the closing ']'.
            if (_writer.Overflow || _writer.Length + 1 > _maxMessageBytes)
            {
                _writer.Rewind(mark);
                return _count == 0 ? TelemetryBatchAddResult.TooLarge : TelemetryBatchAddResult.Full;
            }
            _count++;
            return TelemetryBatchAddResult.Added;
        }

        /// <summary>
        /// Closes the array and returns the message length (0 when the batch is empty: there is nothing to send).
        /// Calling it again returns the same length. Call <see cref="Reset"/> to start the next batch.
        /// </summary>
        public int Finish()
        {
            if (_count == 0)
            {
                return 0;
            }
            if (!_finished)
            {
                _writer.EndArray();
                _finished = true;
            }
            return _writer.Length;
        }
    }
}
