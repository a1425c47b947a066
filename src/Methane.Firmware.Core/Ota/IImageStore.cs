namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// Two image slots (0 and 1) on the internal flash: the running image and the staging slot beside it. Which one runs is
    /// decided by <see cref="OtaStateMachine"/> from its persisted record, never by copying images, so a power cut can never
    /// leave a half-copied image as the only one.
    /// </summary>
    public interface IImageStore
    {
        /// <summary>Bytes one slot can hold.</summary>
        long SlotCapacity { get; }

        /// <summary>Erases the slot's bytes and its commit marker; the slot is then ready for <see cref="Append"/> from offset 0.</summary>
        bool Erase(int slot);

        /// <summary>Bytes durably stored in the slot. After a power cut during an append, only what reached the flash counts.</summary>
        long GetLength(int slot);

        /// <summary>Appends at the slot's current length. False when the flash write failed or the slot is full.</summary>
        bool Append(int slot, byte[] data, int offset, int count);

        /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="position"/>; returns the number read (0 at the end).</summary>
        int Read(int slot, long position, byte[] buffer, int offset, int count);

        /// <summary>Marks the slot's image as complete and verified. The boot selector only boots a trial slot that carries it.</summary>
        bool WriteCommitMarker(int slot);

        bool HasCommitMarker(int slot);
    }
}
