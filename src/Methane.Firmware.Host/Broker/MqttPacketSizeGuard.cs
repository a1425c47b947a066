namespace Methane.Firmware.Host.Broker;

/// <summary>
/// A read-side wrapper that follows MQTT framing (fixed header byte, Remaining Length varint, body) and fails the read
/// as soon as a packet announces more than the limit — before MQTTnet allocates a buffer for its body. AWS IoT Core caps
/// a message at 128 KB; without this a client could make the broker allocate 256 MB per packet.
/// </summary>
public sealed class MqttPacketSizeGuard : Stream
{
    private readonly Stream _inner;
    private readonly int _maxPacketBytes;
    private long _bodyLeft;          // bytes of the current packet's body still to come
    private bool _inHeader = true;   // expecting a fixed header byte next
    private int _lengthBytes;        // Remaining Length bytes read so far (0 = the type byte is next)
    private long _remaining;
    private int _multiplier = 1;

    private readonly Action? _onRefused;

    /// <param name="onRefused">Called once when a packet is refused (for the broker's counters).</param>
    public MqttPacketSizeGuard(Stream inner, int maxPacketBytes, Action? onRefused = null)
    {
        _inner = inner;
        _maxPacketBytes = maxPacketBytes;
        _onRefused = onRefused;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = _inner.Read(buffer, offset, count);
        Inspect(buffer.AsSpan(offset, n));
        return n;
    }

    private void Inspect(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (!_inHeader)
            {
                long take = Math.Min(_bodyLeft, data.Length - i);
                _bodyLeft -= take;
                i += (int)take;
                if (_bodyLeft == 0) StartHeader();
                continue;
            }
            byte b = data[i++];
            if (_lengthBytes == 0)
            {
                _lengthBytes = 1; // the type byte; the Remaining Length follows
                continue;
            }
            _remaining += (b & 0x7F) * (long)_multiplier;
            _multiplier *= 128;
            _lengthBytes++;
            if (_lengthBytes > 5) Refuse("a Remaining Length longer than 4 bytes (malformed)");
            if ((b & 0x80) != 0) continue;
            long total = _remaining + _lengthBytes; // type byte + length bytes + body
            if (total > _maxPacketBytes) Refuse($"a packet of {total} bytes (at most {_maxPacketBytes})");
            _bodyLeft = _remaining;
            _inHeader = false;
            if (_bodyLeft == 0) StartHeader();
        }
    }

    private void StartHeader()
    {
        _inHeader = true;
        _lengthBytes = 0;
        _remaining = 0;
        _multiplier = 1;
    }

    private void Refuse(string what)
    {
        _onRefused?.Invoke();
        throw new IOException("connection closed: client sent " + what);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();
}
