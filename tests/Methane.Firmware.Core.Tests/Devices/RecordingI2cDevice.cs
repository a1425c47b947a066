using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Core.Tests.Devices;

/// <summary>
/// Scripted fake: records every transfer's written bytes and read length, and answers reads from a queue of scripted
/// responses (status + bytes). With the queue empty, reads return <see cref="DefaultReadStatus"/> and zero bytes.
/// </summary>
internal sealed class RecordingI2cDevice : II2cDevice
{
    private readonly Queue<(I2cStatus Status, byte[] Bytes)> _responses = new();

    public RecordingI2cDevice(int address) => Address = address;

    public int Address { get; }

    public List<Transfer> Transfers { get; } = new();

    /// <summary>Status returned by Write and by the write phase of WriteRead.</summary>
    public I2cStatus WriteStatus { get; set; } = I2cStatus.Ok;

    public I2cStatus DefaultReadStatus { get; set; } = I2cStatus.Ok;

    public void EnqueueRead(params byte[] bytes) => _responses.Enqueue((I2cStatus.Ok, bytes));

    public void EnqueueRead(I2cStatus status) => _responses.Enqueue((status, Array.Empty<byte>()));

    public I2cStatus Write(byte[] buffer, int offset, int count)
    {
        Transfers.Add(new Transfer("W", buffer.AsSpan(offset, count).ToArray(), 0));
        return WriteStatus;
    }

    public I2cStatus Read(byte[] buffer, int offset, int count)
    {
        Transfers.Add(new Transfer("R", Array.Empty<byte>(), count));
        return Answer(buffer, offset, count);
    }

    public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
    {
        Transfers.Add(new Transfer("WR", writeBuffer.AsSpan(writeOffset, writeCount).ToArray(), readCount));
        return WriteStatus != I2cStatus.Ok ? WriteStatus : Answer(readBuffer, readOffset, readCount);
    }

    private I2cStatus Answer(byte[] buffer, int offset, int count)
    {
        if (!_responses.TryDequeue(out var response))
        {
            Array.Clear(buffer, offset, count);
            return DefaultReadStatus;
        }

        Array.Copy(response.Bytes, 0, buffer, offset, Math.Min(count, response.Bytes.Length));
        return response.Status;
    }

    internal sealed record Transfer(string Kind, byte[] Written, int ReadCount)
    {
        public override string ToString() => $"{Kind} [{Convert.ToHexString(Written)}] read {ReadCount}";
    }
}
