using System.Text;
using System.Text.Json;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Issue 3, item 8: "a shadow delta changes the publish interval, and an invalid one is rejected with its reason". The cloud
/// side (the broker's admin identity) publishes AWS-style delta documents on $aws/things/{thing}/shadow/update/delta; the
/// device (real session + ShadowAgent) applies or rejects them and reports on …/shadow/update, which an observer reads.
/// </summary>
public sealed class ShadowDeltaTests : DeviceTestBase
{
    private const string Thing = "e2e-shadow-01";
    private const string Site = "site-north";

    public ShadowDeltaTests(ITestOutputHelper output) : base(output, "e2e-shadow")
    {
    }

    [MosquittoFact]
    public void A_delta_changes_the_publish_interval_and_an_out_of_range_one_is_rejected_with_its_reason_and_changes_nothing()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using MqttNetTransport watch = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var reports = new TransportRecorder(watch);
        Assert.Equal(MqttTransportStatus.Ok, watch.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, watch.Subscribe($"$aws/things/{Thing}/shadow/update", 1));
        using MqttNetTransport cloud = broker.CreateTransport(MosquittoBroker.AdminIdentity);
        Assert.Equal(MqttTransportStatus.Ok, cloud.Connect(MosquittoBroker.AdminIdentity, 30, true, null!, null!));

        using var device = new SimulatedDevice(broker, Thing, Site, OutboxPath(Thing), 100, FastRetry());
        Assert.True(device.WaitUntil(d => d.Session.State == SessionState.Online, Wait), device.Describe());
        // On connect the device reports its state: the defaults, nothing rejected, no delta seen yet.
        JsonElement initial = WaitForReported(reports, r => r.GetProperty("config_version").GetInt64() == -1);
        Assert.Equal(60, initial.GetProperty("config").GetProperty("publish_interval_s").GetInt64());
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("config_rejected").ValueKind);
        Assert.Equal(SimulatedDevice.FirmwareVersion, initial.GetProperty("fw").GetString());

        // A delta as AWS IoT sends it (version, timestamp, state, metadata): publish every 30 s instead of 60 s.
        PublishDelta(cloud, """{"version":2,"timestamp":1790000000,"state":{"publish_interval_s":30},"metadata":{"publish_interval_s":{"timestamp":1790000000}}}""");
        JsonElement applied = WaitForReported(reports, r => r.GetProperty("config_version").GetInt64() == 2);
        Assert.Equal(30, applied.GetProperty("config").GetProperty("publish_interval_s").GetInt64());
        Assert.Equal(JsonValueKind.Null, applied.GetProperty("config_rejected").ValueKind);
        Assert.Equal(30_000, device.Locked(d => d.ProduceEveryMs)); // the main loop really uses it

        // Out of range (0 s; the range is 1..3600 s) next to a valid alarm change: all or nothing, so nothing changes.
        PublishDelta(cloud, """{"version":3,"timestamp":1790000060,"state":{"alarm_low_lel":12.5,"publish_interval_s":0}}""");
        JsonElement rejected = WaitForReported(reports, r => r.GetProperty("config_version").GetInt64() == 3);
        JsonElement why = rejected.GetProperty("config_rejected");
        Figures.Note(Output, "rejected delta reported as: " + why.GetRawText());
        Assert.Equal("out_of_range", why.GetProperty("reason").GetString());
        Assert.Equal("publish_interval_s", why.GetProperty("field").GetString());
        Assert.Equal(0, why.GetProperty("value").GetDouble());
        Assert.Equal(1, why.GetProperty("min").GetDouble());
        Assert.Equal(3600, why.GetProperty("max").GetDouble());
        Assert.Equal(3, why.GetProperty("version").GetInt64());
        Assert.Equal(30, rejected.GetProperty("config").GetProperty("publish_interval_s").GetInt64());
        Assert.Equal(10.0, rejected.GetProperty("config").GetProperty("alarm_low_lel").GetDouble());
        Assert.Equal(30_000, device.Locked(d => d.ProduceEveryMs));

        // The next valid delta clears the rejection.
        PublishDelta(cloud, """{"version":4,"state":{"alarm_low_lel":12.5}}""");
        JsonElement cleared = WaitForReported(reports, r => r.GetProperty("config_version").GetInt64() == 4);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("config_rejected").ValueKind);
        Assert.Equal(12.5, cleared.GetProperty("config").GetProperty("alarm_low_lel").GetDouble());
        Assert.Equal(0, device.Locked(d => d.Session.Counters.InboundDropped));
    }

    private static void PublishDelta(MqttNetTransport cloud, string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        Assert.Equal(MqttTransportStatus.Ok, cloud.Publish($"$aws/things/{Thing}/shadow/update/delta", payload, 0, payload.Length, 1, out _));
    }

    /// <summary>Waits for a reported-state document matching <paramref name="match"/> and returns its "reported" object.</summary>
    private static JsonElement WaitForReported(TransportRecorder reports, Func<JsonElement, bool> match)
    {
        JsonElement? found = null;
        bool Matches(ReceivedMessage m)
        {
            using JsonDocument doc = JsonDocument.Parse(m.Payload);
            JsonElement reported = doc.RootElement.GetProperty("state").GetProperty("reported");
            if (!match(reported)) return false;
            found = reported.Clone();
            return true;
        }
        Assert.True(reports.WaitForMessage(Matches, Wait),
            "no matching reported state; got: " + string.Join(" | ", reports.Messages.Select(m => m.Text)));
        return found!.Value;
    }
}
