using System.Net;
using System.Text.Json;
using Methane.Cloud.Pipeline;

namespace Methane.Dashboard.Tests;

/// <summary>
/// Outbox backlog (from the devices' health messages) and OTA job state (from their Jobs updates), written by the pipeline's
/// store, shown in words in the site's health API (what the site page's table and the device console show).
/// </summary>
public sealed class DeviceStatusTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    private const long HealthAt = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC

    [Fact]
    public async Task Health_shows_the_outbox_backlog_and_the_newest_OTA_job_state_in_words()
    {
        f.Store.Write(new StoreBatch([], [], [], [], [],
            Health:
            [
                Health("north-01", HealthAt - 60_000, depth: 2, dropped: 0),
                Health("north-01", HealthAt, depth: 37, dropped: 4),
            ],
            JobUpdates:
            [
                new JobStatusUpdate("north-01", "ota-2", "IN_PROGRESS", "download", "40%", null, 2, "token:a", HealthAt + 1_000),
                new JobStatusUpdate("north-01", "ota-2", "FAILED", null, null, "sha256 mismatch", 3, "token:b", HealthAt + 2_000),
                new JobStatusUpdate("north-02", "ota-2", "IN_PROGRESS", "download", "40%", null, 2, "token:c", HealthAt + 1_000),
            ]));

        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var health = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites/site-north/health"));
        var byThing = health.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("thing").GetString()!);

        JsonElement n1 = byThing["north-01"];
        Assert.Equal("37 readings waiting on the device, 4 dropped (outbox full) (health 2027-01-15 08:00:00 UTC)", n1.GetProperty("outboxWords").GetString());
        Assert.Equal(37, n1.GetProperty("outbox").GetProperty("depth").GetInt64());
        Assert.Equal("ota-2: failed: sha256 mismatch", n1.GetProperty("otaWords").GetString());
        Assert.Equal("FAILED", n1.GetProperty("ota").GetProperty("status").GetString());

        JsonElement n2 = byThing["north-02"];
        Assert.Equal("no health message stored", n2.GetProperty("outboxWords").GetString());
        Assert.Equal(JsonValueKind.Null, n2.GetProperty("outbox").ValueKind);
        Assert.Equal("ota-2: in progress, download 40%", n2.GetProperty("otaWords").GetString());

        using var device = JsonDocument.Parse(await s.Client.GetStringAsync("/api/devices/north-01"));
        Assert.Equal("ota-2: failed: sha256 mismatch", device.RootElement.GetProperty("health").GetProperty("otaWords").GetString());
    }

    [Fact]
    public async Task The_health_of_another_sites_devices_stays_out_of_scope()
    {
        f.Store.Write(new StoreBatch([], [], [], [], [], Health: [Health("south-01", HealthAt, depth: 5, dropped: 0)]));
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/api/sites/site-south/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/api/devices/south-01")).StatusCode);
        string north = await s.Client.GetStringAsync("/api/sites/site-north/health");
        Assert.DoesNotContain("south-01", north);
    }

    [Fact]
    public async Task Replayed_readings_are_counted_by_their_flag_and_the_firmware_falls_back_to_the_health_message()
    {
        // Both on the batch topic (as every reading of a device on batches); only the first is flagged Replayed (bit 5).
        TestStore.Reading(f.Store, "north-09", "site-north", 1, f.SeededUntilMs - 20_000, 2.0, flags: 1 << 5, source: "batch");
        TestStore.Reading(f.Store, "north-09", "site-north", 2, f.SeededUntilMs - 10_000, 2.5, source: "batch");
        f.Store.Execute("UPDATE readings SET fw = NULL WHERE thing = 'north-09'"); // compact v2 readings carry no version
        f.Store.Write(new StoreBatch([], [], [], [], [], Health: [Health("north-09", HealthAt, depth: 0, dropped: 0) with { Fw = "1.1.0" }]));

        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var health = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites/site-north/health"));
        JsonElement n9 = health.RootElement.EnumerateArray().Single(e => e.GetProperty("thing").GetString() == "north-09");
        Assert.Equal(1, n9.GetProperty("backlogLastHour").GetInt64());
        Assert.Equal("1.1.0", n9.GetProperty("fw").GetString());
        Assert.Equal("empty (health 2027-01-15 08:00:00 UTC)", n9.GetProperty("outboxWords").GetString());
        Assert.Equal("no OTA job reported", n9.GetProperty("otaWords").GetString());
    }

    private static DeviceHealthMessage Health(string thing, long at, long depth, long dropped) =>
        new(thing, thing.StartsWith("north", StringComparison.Ordinal) ? "site-north" : "site-south", at, at + 200, true, "1.0.0", 3600, "online",
            720, 0, 700, 690, 1, 0, depth, dropped, 0, 0, "none");
}
