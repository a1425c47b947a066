namespace Methane.Cloud.Enrichment;

/// <summary>Dynamic device data kept by operations (cloud: the DynamoDB device registry; local: a table in the embedded store).</summary>
public sealed record DeviceInfo(string Thing, string Site, string? Board, string? InstalledAt, string? CalibratedAt, string? Notes);

/// <summary>Looks devices up by thing name. Implementations must be safe to call from one thread at a time at message rate.</summary>
public interface IDeviceRegistry
{
    DeviceInfo? Find(string thing);
}

/// <summary>Registry held in memory (tests, and the cache in front of slower registries).</summary>
public sealed class InMemoryDeviceRegistry : IDeviceRegistry
{
    private readonly Dictionary<string, DeviceInfo> _devices = new(StringComparer.Ordinal);

    public InMemoryDeviceRegistry(IEnumerable<DeviceInfo>? devices = null)
    {
        if (devices != null) foreach (DeviceInfo d in devices) _devices[d.Thing] = d;
    }

    public void Upsert(DeviceInfo device) => _devices[device.Thing] = device;

    public DeviceInfo? Find(string thing) => _devices.TryGetValue(thing, out DeviceInfo? d) ? d : null;
}
