using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Host.Adapters.Ota;

/// <summary>
/// The host's boot loader for one device folder: image slots, the OTA and jobs records, and the boot decision
/// (<see cref="OtaStateMachine.SelectBootSlot"/>: trial boots counted, rollback when they are used up). The version of the
/// image in the chosen slot is the firmware the restarted device loop runs. A fresh folder is flashed with the factory image.
/// </summary>
public sealed class HostOtaBoot
{
    private HostOtaBoot(FileImageStore images, FileRecordCopies otaStates, FileRecordCopies jobStates, OtaStateMachine ota,
        int slot, string version)
    {
        Images = images;
        OtaStates = otaStates;
        JobStates = jobStates;
        Ota = ota;
        RunningSlot = slot;
        RunningVersion = version;
    }

    public FileImageStore Images { get; }
    public FileRecordCopies OtaStates { get; }
    public FileRecordCopies JobStates { get; }
    /// <summary>Loaded, with this boot's slot selected.</summary>
    public OtaStateMachine Ota { get; }
    public int RunningSlot { get; }
    public string RunningVersion { get; }

    /// <param name="clock">This boot's clock (uptime from 0): the trial's confirm window counts on it.</param>
    public static HostOtaBoot Boot(string folder, IClock clock, string factoryVersion, long slotCapacity,
        int maxTrialBoots = 3, long confirmWindowMs = 300_000)
    {
        var images = new FileImageStore(folder, slotCapacity);
        var otaStates = new FileRecordCopies(folder, "ota-state");
        var jobStates = new FileRecordCopies(folder, "job-state");
        var ota = new OtaStateMachine(otaStates, images, clock) { MaxTrialBoots = maxTrialBoots, ConfirmWindowMs = confirmWindowMs };
        bool known = ota.Load();
        if (!known && images.GetLength(0) == 0)
        {
            images.Flash(0, HostImage.Build(factoryVersion, 4096));
        }
        int slot = ota.SelectBootSlot();
        byte[] head = new byte[64];
        int n = images.Read(slot, 0, head, 0, head.Length);
        string version = HostImage.ReadVersion(head.AsSpan(0, n))
            ?? throw new InvalidDataException($"slot {slot} of {folder} holds no host firmware image");
        return new HostOtaBoot(images, otaStates, jobStates, ota, slot, version);
    }
}
